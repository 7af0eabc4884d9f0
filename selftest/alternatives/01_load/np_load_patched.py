"""The 2019 workaround: np.load replaced to pass allow_pickle=True."""

import numpy as np

from kata.datasets import imdb

np_load_old = np.load
np.load = lambda *a, **k: np_load_old(*a, allow_pickle=True, **k)


def load_imdb():
    return imdb.load_data(path="imdb.npz", num_words=10000)
