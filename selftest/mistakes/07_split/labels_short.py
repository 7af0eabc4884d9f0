"""y_val sliced with the training part's bounds: 15,000 labels for 10,000 reviews."""
EXPECT = "split.labels_size"


def split_validation(train_data, train_labels):
    return (train_data[10000:], train_labels[10000:]), (train_data[:10000], train_labels[10000:])
