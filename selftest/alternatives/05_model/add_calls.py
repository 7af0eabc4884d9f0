"""A Sequential built one layer at a time with add(), the arguments as keywords, the input length fixed."""

import keras


def build_model(vocab_size=10000):
    model = keras.Sequential()
    model.add(keras.Input(shape=(256,), dtype="int32"))
    model.add(keras.layers.Embedding(input_dim=vocab_size, output_dim=16))
    model.add(keras.layers.GlobalAveragePooling1D())
    model.add(keras.layers.Dense(units=16, activation="relu"))
    model.add(keras.layers.Dense(units=1, activation="sigmoid"))
    return model
