"""The sizes of the data and labels instead of the lengths of two reviews."""
import numpy as np

EXPECT = "explore.lengths_dataset"


def explore(train_data, train_labels):
    return {
        "entries": len(train_data),
        "labels": len(train_labels),
        "first_review": train_data[0],
        "first_two_lengths": (len(train_data), len(train_labels)),
        "positives": int(np.sum(train_labels == 1)),
    }
