"""The training reviews sorted by length (labels kept with them): load_data's order is lost."""
import numpy as np

from kata.datasets import imdb

EXPECT = "load.order"


def load_imdb():
    (x, y), test = imdb.load_data(num_words=10000)
    order = np.argsort([len(review) for review in x], kind="stable")
    return (x[order], y[order]), test
