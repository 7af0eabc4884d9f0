"""10000 written in the Embedding instead of the vocab_size parameter."""
import keras

EXPECT = "model.vocab_param"


def build_model(vocab_size=10000):
    return keras.Sequential([
        keras.layers.Embedding(10000, 16),
        keras.layers.GlobalAveragePooling1D(),
        keras.layers.Dense(16, activation="relu"),
        keras.layers.Dense(1, activation="sigmoid"),
    ])
