"""The whole training data kept for training: every validation review is also trained on."""
EXPECT = "split.knob.train"


def split_validation(train_data, train_labels):
    return (train_data, train_labels), (train_data[:10000], train_labels[:10000])
