"""The labels reversed before the cut: each review gets another review's label."""
EXPECT = "split.labels"


def split_validation(train_data, train_labels):
    labels = train_labels[::-1]
    return (train_data[10000:], labels[10000:]), (train_data[:10000], labels[:10000])
