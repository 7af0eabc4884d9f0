"""Tokenised with a regular expression, padded by hand with NumPy (the last 256 ids kept, zeros after them),
predicted by calling the model."""
import re

import numpy as np

FILTERS = '!"#$%&()*+,-./:;<=>?@[\\]^_`{|}~\t\n'
SPLIT = re.compile("[" + re.escape(FILTERS) + " ]+")


def encode_review(text, word_index):
    words = [w for w in SPLIT.split(text.lower()) if w]
    return [1] + [word_index[w] if w in word_index and word_index[w] < 10000 else 2 for w in words]


def predict_sentiment(model, text, word_index):
    ids = encode_review(text, word_index)[-256:]  # the last 256, as pad_sequences keeps
    x = np.zeros((1, 256), dtype="int32")
    x[0, :len(ids)] = ids
    return float(np.asarray(model(x, training=False))[0, 0])
