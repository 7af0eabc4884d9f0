"""The test set used as validation data."""

import keras

from kata.datasets import imdb

EXPECT = "train.validation_on_test"


def train(model, partial_x_train, partial_y_train, x_val, y_val):
    _, (test_data, test_labels) = imdb.load_data(num_words=10000)
    test_data = keras.utils.pad_sequences(test_data, value=0, padding="post", maxlen=256)
    return model.fit(partial_x_train, partial_y_train, epochs=40, batch_size=512, validation_data=(test_data, test_labels))
