"""The training pair returned twice."""
from kata.datasets import imdb

EXPECT = "load.test_is_train"


def load_imdb():
    train, _ = imdb.load_data(num_words=10000)
    return train, train
