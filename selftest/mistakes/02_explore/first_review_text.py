"""The first review as printed text: str(train_data[0])."""
import numpy as np

EXPECT = "explore.first_review_text"


def explore(train_data, train_labels):
    return {
        "entries": len(train_data),
        "labels": len(train_labels),
        "first_review": str(train_data[0]),
        "first_two_lengths": (len(train_data[0]), len(train_data[1])),
        "positives": int(np.sum(train_labels == 1)),
    }
