"""The training part stops early: the last 1,000 reviews are in neither part."""
EXPECT = "split.sizes"


def split_validation(train_data, train_labels):
    return (train_data[10000:24000], train_labels[10000:24000]), (train_data[:10000], train_labels[:10000])
