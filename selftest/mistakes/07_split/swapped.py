"""Slices swapped: validation gets the 15,000 reviews after the first 10,000."""
EXPECT = "split.knob.val"


def split_validation(train_data, train_labels):
    x_val, y_val = train_data[10000:], train_labels[10000:]
    partial_x_train, partial_y_train = train_data[:10000], train_labels[:10000]
    return (partial_x_train, partial_y_train), (x_val, y_val)
