"""Counting the zeros: right by chance on the balanced split, wrong on any other data."""
import numpy as np

EXPECT = "explore.knob.label"


def explore(train_data, train_labels):
    return {
        "entries": len(train_data),
        "labels": len(train_labels),
        "first_review": train_data[0],
        "first_two_lengths": (len(train_data[0]), len(train_data[1])),
        "positives": int(np.sum(train_labels == 0)),
    }
