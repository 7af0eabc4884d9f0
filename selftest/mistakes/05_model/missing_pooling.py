"""GlobalAveragePooling1D left out."""
import keras

EXPECT = "model.knob.pooling"


def build_model(vocab_size=10000):
    return keras.Sequential([
        keras.layers.Embedding(vocab_size, 16),
        keras.layers.Dense(16, activation="relu"),
        keras.layers.Dense(1, activation="sigmoid"),
    ])
