"""Evaluated on the validation slice (the first 10,000 training reviews), not the test set."""

import keras

from kata.datasets import imdb

EXPECT = "evaluate.knob.x"


def evaluate_model(model, test_data, test_labels):
    (train_data, train_labels), _ = imdb.load_data(num_words=10000)
    train_data = keras.utils.pad_sequences(train_data, value=0, padding="post", maxlen=256)
    return model.evaluate(train_data[:10000], train_labels[:10000])
