"""Labels cut in another place than the reviews: partial_y_train = train_labels[:15000]."""
EXPECT = "split.knob.partial_y"


def split_validation(train_data, train_labels):
    return (train_data[10000:], train_labels[:15000]), (train_data[:10000], train_labels[:10000])
