"""The test split explored instead of the training data it is given."""
from kata.datasets import imdb

import numpy as np

EXPECT = "explore.own_data"


def explore(train_data, train_labels):
    _, (test_data, test_labels) = imdb.load_data(num_words=10000)
    return {
        "entries": len(test_data),
        "labels": len(test_labels),
        "first_review": test_data[0],
        "first_two_lengths": (len(test_data[0]), len(test_data[1])),
        "positives": int(np.sum(test_labels == 1)),
    }
