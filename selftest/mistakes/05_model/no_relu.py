"""The hidden Dense layer without an activation (linear)."""
import keras

EXPECT = "model.knob.activation"


def build_model(vocab_size=10000):
    return keras.Sequential([
        keras.layers.Embedding(vocab_size, 16),
        keras.layers.GlobalAveragePooling1D(),
        keras.layers.Dense(16),
        keras.layers.Dense(1, activation="sigmoid"),
    ])
