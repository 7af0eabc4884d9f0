"""The same layers as a functional model: keras.Input, each layer called on the last one's output."""

from keras import Input, Model, layers


def build_model(vocab_size=10000):
    reviews = Input(shape=(None,), dtype="int32")
    x = layers.Embedding(vocab_size, 16)(reviews)
    x = layers.GlobalAveragePooling1D()(x)
    x = layers.Dense(16, activation="relu")(x)
    return Model(reviews, layers.Dense(1, activation="sigmoid")(x))
