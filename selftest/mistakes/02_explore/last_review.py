"""train_data[-1], the last review, taken as the first."""
import numpy as np

EXPECT = "explore.knob.first"


def explore(train_data, train_labels):
    return {
        "entries": len(train_data),
        "labels": len(train_labels),
        "first_review": list(train_data[-1]),
        "first_two_lengths": (len(train_data[0]), len(train_data[1])),
        "positives": int(np.sum(train_labels == 1)),
    }
