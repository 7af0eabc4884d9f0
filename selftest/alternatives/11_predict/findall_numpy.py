"""Words found with re.findall (runs of characters that are neither a filter nor white space); the ids a NumPy
array; the batch built with NumPy; the probability a 0-d NumPy array."""
import re

import numpy as np

FILTERS = '!"#$%&()*+,-./:;<=>?@[\\]^_`{|}~\t\n'
WORD = re.compile("[^" + re.escape(FILTERS) + r"\s]+")


def encode_review(text, word_index):
    ids = [1]
    for word in WORD.findall(text.lower()):
        i = word_index.get(word)
        ids.append(2 if i is None or i >= 10000 else i)
    return np.array(ids, dtype=np.int64)


def predict_sentiment(model, text, word_index):
    ids = encode_review(text, word_index)[-256:]
    x = np.zeros((1, 256), dtype="int32")
    x[0, :len(ids)] = ids
    return np.asarray(model.predict(x, verbose=0)).reshape(())
