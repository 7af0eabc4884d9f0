"""Step 5 · Build the model: reference solution."""

import keras


def build_model(vocab_size=10000):
    """Return a keras.Sequential: Embedding(vocab_size, 16), GlobalAveragePooling1D, Dense(16, relu), Dense(1, sigmoid)."""
    return keras.Sequential([
        keras.Input(shape=(None,), dtype="int32"),
        keras.layers.Embedding(vocab_size, 16),
        keras.layers.GlobalAveragePooling1D(),
        keras.layers.Dense(16, activation="relu"),
        keras.layers.Dense(1, activation="sigmoid"),
    ])
