"""maxlen passed to load_data: long reviews are dropped, fewer than 25,000 remain."""
from kata.datasets import imdb

EXPECT = "load.knob.maxlen"


def load_imdb():
    return imdb.load_data(num_words=10000, maxlen=256)
