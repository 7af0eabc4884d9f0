"""Dense(16) followed by a ReLU() layer, Dense(1) by Activation("sigmoid"): the same network."""

import keras


def build_model(vocab_size=10000):
    return keras.Sequential([
        keras.Input(shape=(None,), dtype="int32"),
        keras.layers.Embedding(vocab_size, 16),
        keras.layers.GlobalAveragePooling1D(),
        keras.layers.Dense(16),
        keras.layers.ReLU(),
        keras.layers.Dense(1),
        keras.layers.Activation("sigmoid"),
    ])
