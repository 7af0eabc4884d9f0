"""Another shuffle seed: the same reviews in another order."""
from kata.datasets import imdb

EXPECT = "load.knob.seed"


def load_imdb():
    return imdb.load_data(num_words=10000, seed=7)
