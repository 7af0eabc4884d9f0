"""y_val sliced with the training part's bounds: 15,000 labels for 10,000 reviews."""
EXPECT = "split.knob.y_val"


def split_validation(train_data, train_labels):
    return (train_data[10000:], train_labels[10000:]), (train_data[:10000], train_labels[10000:])
