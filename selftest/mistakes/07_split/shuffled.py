"""Reviews and labels shuffled together before the cut: labels stay right, the held-out reviews differ from the post's."""
import numpy as np

EXPECT = "split.order"


def split_validation(train_data, train_labels):
    order = np.random.default_rng(0).permutation(len(train_data))
    x, y = train_data[order], train_labels[order]
    return (x[10000:], y[10000:]), (x[:10000], y[:10000])
