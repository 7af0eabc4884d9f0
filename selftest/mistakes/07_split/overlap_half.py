"""The training part starts too early: train_data[5000:] shares 5,000 reviews with x_val."""
EXPECT = "split.overlap"


def split_validation(train_data, train_labels):
    return (train_data[5000:], train_labels[5000:]), (train_data[:10000], train_labels[:10000])
