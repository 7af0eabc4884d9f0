"""The first review as a float NumPy array."""
import numpy as np

EXPECT = "explore.first_review_array"


def explore(train_data, train_labels):
    return {
        "entries": len(train_data),
        "labels": len(train_labels),
        "first_review": np.array(train_data[0], dtype=float),
        "first_two_lengths": (len(train_data[0]), len(train_data[1])),
        "positives": int(np.sum(train_labels == 1)),
    }
