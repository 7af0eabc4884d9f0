"""The right slices, returned in the wrong order (validation pair first)."""
EXPECT = "split.knob.val"


def split_validation(train_data, train_labels):
    return (train_data[:10000], train_labels[:10000]), (train_data[10000:], train_labels[10000:])
