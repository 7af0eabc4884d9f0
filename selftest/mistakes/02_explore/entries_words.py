"""The length of the first review taken as the number of reviews."""
import numpy as np

EXPECT = "explore.knob.entries"


def explore(train_data, train_labels):
    return {
        "entries": len(train_data[0]),
        "labels": len(train_labels),
        "first_review": train_data[0],
        "first_two_lengths": (len(train_data[0]), len(train_data[1])),
        "positives": int(np.sum(train_labels == 1)),
    }
