"""Flatten instead of GlobalAveragePooling1D with the post's keras.Input(shape=(None,)): Keras cannot build it."""
import keras

EXPECT = "model.knob.pooling"


def build_model(vocab_size=10000):
    return keras.Sequential([
        keras.Input(shape=(None,), dtype="int32"),
        keras.layers.Embedding(vocab_size, 16),
        keras.layers.Flatten(),
        keras.layers.Dense(16, activation="relu"),
        keras.layers.Dense(1, activation="sigmoid"),
    ])
