"""Assuming balanced data: half of the labels taken as the positives."""
import numpy as np

EXPECT = "explore.positives_half"


def explore(train_data, train_labels):
    return {
        "entries": len(train_data),
        "labels": len(train_labels),
        "first_review": train_data[0],
        "first_two_lengths": (len(train_data[0]), len(train_data[1])),
        "positives": len(train_labels) // 2,
    }
