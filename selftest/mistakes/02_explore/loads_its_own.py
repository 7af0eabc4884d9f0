"""The data loaded again inside explore(): the answers never follow the arguments."""
from kata.datasets import imdb

import numpy as np

EXPECT = "explore.own_data"


def explore(train_data, train_labels):
    (train_data, train_labels), _ = imdb.load_data(num_words=10000)
    return {
        "entries": len(train_data),
        "labels": len(train_labels),
        "first_review": train_data[0],
        "first_two_lengths": (len(train_data[0]), len(train_data[1])),
        "positives": int(np.sum(train_labels == 1)),
    }
