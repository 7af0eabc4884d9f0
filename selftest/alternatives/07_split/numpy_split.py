"""np.split at 10,000 instead of slices."""
import numpy as np


def split_validation(train_data, train_labels):
    x_val, partial_x_train = np.split(np.asarray(train_data), [10000])
    y_val, partial_y_train = np.split(np.asarray(train_labels), [10000])
    return (partial_x_train, partial_y_train), (x_val, y_val)
