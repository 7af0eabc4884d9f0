"""Step 7 · Hold out a validation set: reference solution."""


def split_validation(train_data, train_labels):
    """Return ((partial_x_train, partial_y_train), (x_val, y_val)): the first 10,000 reviews validate, the rest train."""
    x_val = train_data[:10000]
    partial_x_train = train_data[10000:]

    y_val = train_labels[:10000]
    partial_y_train = train_labels[10000:]
    return (partial_x_train, partial_y_train), (x_val, y_val)
