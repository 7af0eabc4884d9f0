"""The test pair carries the training labels."""
from kata.datasets import imdb

EXPECT = "load.test_labels"


def load_imdb():
    (train_data, train_labels), (test_data, _) = imdb.load_data(num_words=10000)
    return (train_data, train_labels), (test_data, train_labels)
