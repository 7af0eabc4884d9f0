"""The first review wrapped in a list: list(train_data[:1]) is [review], one level too many."""
import numpy as np

EXPECT = "explore.first_review_wrapped"


def explore(train_data, train_labels):
    return {
        "entries": len(train_data),
        "labels": len(train_labels),
        "first_review": list(train_data[:1]),
        "first_two_lengths": (len(train_data[0]), len(train_data[1])),
        "positives": int(np.sum(np.asarray(train_labels) == 1)),
    }
