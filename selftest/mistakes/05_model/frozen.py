"""The Embedding frozen with trainable=False: its 160,000 weights would never learn."""
import keras

EXPECT = "model.knob.trainable"


def build_model(vocab_size=10000):
    return keras.Sequential([
        keras.layers.Embedding(vocab_size, 16, trainable=False),
        keras.layers.GlobalAveragePooling1D(),
        keras.layers.Dense(16, activation="relu"),
        keras.layers.Dense(1, activation="sigmoid"),
    ])
