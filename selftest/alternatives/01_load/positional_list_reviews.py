"""num_words given by position, the reviews as a list of lists (not an array), the labels as arrays."""
from kata.datasets import imdb


def load_imdb():
    train, test = imdb.load_data("imdb.npz", 10000)
    return (list(train[0]), train[1]), (list(test[0]), test[1])
