"""Step 1 · Load the IMDB data: reference solution."""

from kata.datasets import imdb


def load_imdb():
    """Return `(train_data, train_labels), (test_data, test_labels)`, keeping the 10,000 most frequent words."""
    return imdb.load_data(num_words=10000)
