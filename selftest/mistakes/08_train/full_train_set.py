"""Trained on all 25,000 training reviews, the validation reviews included."""

import keras

from kata.datasets import imdb

EXPECT = "train.full_train_set"


def train(model, partial_x_train, partial_y_train, x_val, y_val):
    (train_data, train_labels), _ = imdb.load_data(num_words=10000)
    train_data = keras.utils.pad_sequences(train_data, value=0, padding="post", maxlen=256)
    return model.fit(train_data, train_labels, epochs=40, batch_size=512, validation_data=(x_val, y_val))
