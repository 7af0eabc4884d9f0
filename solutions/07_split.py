"""Step 7 · Hold out a validation set: reference solution."""

VALIDATION = 10000


def split_validation(train_data, train_labels):
    """Return ((partial_x_train, partial_y_train), (x_val, y_val)): the first 10,000 reviews validate, the rest train."""
    x_val, y_val = train_data[:VALIDATION], train_labels[:VALIDATION]
    partial_x_train, partial_y_train = train_data[VALIDATION:], train_labels[VALIDATION:]
    return (partial_x_train, partial_y_train), (x_val, y_val)
