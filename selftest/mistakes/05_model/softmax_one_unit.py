"""softmax over a single unit: always outputs 1.0."""
import keras

EXPECT = "model.knob.output_activation"


def build_model(vocab_size=10000):
    return keras.Sequential([
        keras.layers.Embedding(vocab_size, 16),
        keras.layers.GlobalAveragePooling1D(),
        keras.layers.Dense(16, activation="relu"),
        keras.layers.Dense(1, activation="softmax"),
    ])
