"""Slices that share a review: [:10001] and [10000:]."""
EXPECT = "split.knob.val"


def split_validation(train_data, train_labels):
    return (train_data[10000:], train_labels[10000:]), (train_data[:10001], train_labels[:10001])
