"""Embedding(20000, 16): twice the vocabulary, 320,000 parameters."""
import keras

EXPECT = "model.knob.input_dim"


def build_model(vocab_size=10000):
    return keras.Sequential([
        keras.layers.Embedding(2 * vocab_size, 16),
        keras.layers.GlobalAveragePooling1D(),
        keras.layers.Dense(16, activation="relu"),
        keras.layers.Dense(1, activation="sigmoid"),
    ])
