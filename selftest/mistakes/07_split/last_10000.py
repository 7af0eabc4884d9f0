"""The last 10,000 reviews held out instead of the first."""
EXPECT = "split.knob.val"


def split_validation(train_data, train_labels):
    return (train_data[:-10000], train_labels[:-10000]), (train_data[-10000:], train_labels[-10000:])
