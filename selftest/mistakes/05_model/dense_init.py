"""Keras 1's init= for the weights' initialiser: Keras 3 calls it kernel_initializer (ValueError)."""
import keras

EXPECT = "known.renamed"


def build_model(vocab_size=10000):
    return keras.Sequential([
        keras.layers.Embedding(vocab_size, 16),
        keras.layers.GlobalAveragePooling1D(),
        keras.layers.Dense(16, activation="relu", init="glorot_uniform"),
        keras.layers.Dense(1, activation="sigmoid"),
    ])
