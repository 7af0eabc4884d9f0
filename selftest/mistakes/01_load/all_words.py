"""load_data called without num_words: all 88,587 words keep their ids."""
from kata.datasets import imdb

EXPECT = "load.knob.num_words"


def load_imdb():
    return imdb.load_data()
