"""Returns model.summary() (None) instead of the model."""
import keras

EXPECT = "model.not_a_model"


def build_model(vocab_size=10000):
    model = keras.Sequential([
        keras.Input(shape=(None,), dtype="int32"),
        keras.layers.Embedding(vocab_size, 16),
        keras.layers.GlobalAveragePooling1D(),
        keras.layers.Dense(16, activation="relu"),
        keras.layers.Dense(1, activation="sigmoid"),
    ])
    return model.summary()
