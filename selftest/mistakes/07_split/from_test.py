"""Validation taken from the test set, loaded and padded inside the function."""
import keras

from kata.datasets import imdb

EXPECT = "split.from_test"


def split_validation(train_data, train_labels):
    _, (test_data, test_labels) = imdb.load_data(num_words=10000)
    test_data = keras.utils.pad_sequences(test_data, value=0, padding="post", maxlen=256)
    return (train_data, train_labels), (test_data[:10000], test_labels[:10000])
