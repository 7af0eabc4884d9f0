"""Counts as NumPy integers and a list built with a loop: the same answers."""
import numpy as np


def explore(train_data, train_labels):
    first = [int(i) for i in train_data[0]]
    return {
        "entries": np.int64(len(train_data)),
        "labels": np.size(train_labels),
        "first_review": first,
        "first_two_lengths": (len(train_data[0]), len(train_data[1])),
        "positives": np.count_nonzero(np.asarray(train_labels) == 1),
    }
