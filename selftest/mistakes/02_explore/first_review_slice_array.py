"""train_data[0:1] as it is: a NumPy array of one item, the review, not the review itself."""
import numpy as np

EXPECT = "explore.first_review_wrapped"


def explore(train_data, train_labels):
    return {
        "entries": len(train_data),
        "labels": len(train_labels),
        "first_review": train_data[0:1],
        "first_two_lengths": (len(train_data[0]), len(train_data[1])),
        "positives": int(np.sum(np.asarray(train_labels) == 1)),
    }
