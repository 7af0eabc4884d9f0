"""Embedding(16, vocab_size): the two arguments swapped."""
import keras

EXPECT = "model.embedding_swapped"


def build_model(vocab_size=10000):
    return keras.Sequential([
        keras.layers.Embedding(16, vocab_size),
        keras.layers.GlobalAveragePooling1D(),
        keras.layers.Dense(16, activation="relu"),
        keras.layers.Dense(1, activation="sigmoid"),
    ])
