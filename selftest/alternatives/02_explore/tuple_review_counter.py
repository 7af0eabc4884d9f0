"""The first review as a tuple, the lengths as an array, the positives read from a Counter, a dict() call."""
from collections import Counter

import numpy as np


def explore(train_data, train_labels):
    counts = Counter(int(label) for label in train_labels)
    return dict(
        entries=float(len(train_data)),
        labels=len(train_labels),
        first_review=tuple(train_data[0]),
        first_two_lengths=np.array([len(review) for review in train_data[:2]]),
        positives=counts[1],
    )
