"""Train and test swapped."""
from kata.datasets import imdb

EXPECT = "load.swapped"


def load_imdb():
    train, test = imdb.load_data(num_words=10000)
    return test, train
