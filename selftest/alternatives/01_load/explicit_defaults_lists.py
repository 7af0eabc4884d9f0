"""Every default of load_data written out, the pairs as lists, the labels as Python lists."""
from kata.datasets import imdb


def load_imdb():
    (x_train, y_train), (x_test, y_test) = imdb.load_data(
        path="imdb.npz", num_words=10_000, skip_top=0, maxlen=None, seed=113, start_char=1, oov_char=2, index_from=3)
    return [[x_train, y_train.tolist()], [x_test, y_test.tolist()]]
