"""use_bias=False in the hidden layer: 256 parameters instead of 272."""
import keras

EXPECT = "model.knob.use_bias"


def build_model(vocab_size=10000):
    return keras.Sequential([
        keras.layers.Embedding(vocab_size, 16),
        keras.layers.GlobalAveragePooling1D(),
        keras.layers.Dense(16, activation="relu", use_bias=False),
        keras.layers.Dense(1, activation="sigmoid"),
    ])
