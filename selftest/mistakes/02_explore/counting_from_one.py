"""Counting from 1 everywhere: the "first" review is train_data[1], the first two are [1] and [2]."""
import numpy as np

EXPECT = "explore.knob.first"


def explore(train_data, train_labels):
    return {
        "entries": len(train_data),
        "labels": len(train_labels),
        "first_review": train_data[1],
        "first_two_lengths": (len(train_data[1]), len(train_data[2])),
        "positives": int(np.sum(train_labels == 1)),
    }
