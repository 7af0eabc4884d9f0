"""num_words=7000, a value no list of likely settings holds: the vocabulary is said to be too small."""
from kata.datasets import imdb

EXPECT = "load.num_words_small"


def load_imdb():
    return imdb.load_data(num_words=7000)
