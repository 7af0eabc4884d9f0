"""Rows picked with index arrays (copies, not views), the labels as floats: the same reviews and labels."""
import numpy as np


def split_validation(train_data, train_labels):
    val, rest = np.arange(10000), np.arange(10000, len(train_data))
    labels = np.asarray(train_labels, dtype="float32")
    return (np.take(train_data, rest, axis=0), labels[rest]), (train_data[val], labels[val])
