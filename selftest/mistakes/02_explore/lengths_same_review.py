"""A copied line not edited: the first review's length twice."""
import numpy as np

EXPECT = "explore.knob.lengths"


def explore(train_data, train_labels):
    return {
        "entries": len(train_data),
        "labels": len(train_labels),
        "first_review": train_data[0],
        "first_two_lengths": (len(train_data[0]), len(train_data[0])),
        "positives": int(np.sum(train_labels == 1)),
    }
