"""The number of distinct label values (2) instead of the number of labels."""
import numpy as np

EXPECT = "explore.knob.labels"


def explore(train_data, train_labels):
    return {
        "entries": len(train_data),
        "labels": len(set(train_labels)),
        "first_review": train_data[0],
        "first_two_lengths": (len(train_data[0]), len(train_data[1])),
        "positives": int(np.sum(train_labels == 1)),
    }
