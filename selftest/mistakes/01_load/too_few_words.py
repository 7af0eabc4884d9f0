"""Only the 5,000 most frequent words kept: the model's Embedding expects 10,000."""
from kata.datasets import imdb

EXPECT = "load.knob.num_words"


def load_imdb():
    return imdb.load_data(num_words=5000)
