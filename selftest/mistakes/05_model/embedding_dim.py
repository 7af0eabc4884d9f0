"""Embedding(vocab_size, 32): vectors of 32 numbers instead of 16."""
import keras

EXPECT = "model.knob.output_dim"


def build_model(vocab_size=10000):
    return keras.Sequential([
        keras.layers.Embedding(vocab_size, 32),
        keras.layers.GlobalAveragePooling1D(),
        keras.layers.Dense(16, activation="relu"),
        keras.layers.Dense(1, activation="sigmoid"),
    ])
