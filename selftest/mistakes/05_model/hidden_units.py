"""A hidden layer of 32 units."""
import keras

EXPECT = "model.knob.units"


def build_model(vocab_size=10000):
    return keras.Sequential([
        keras.layers.Embedding(vocab_size, 16),
        keras.layers.GlobalAveragePooling1D(),
        keras.layers.Dense(32, activation="relu"),
        keras.layers.Dense(1, activation="sigmoid"),
    ])
