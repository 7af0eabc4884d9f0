"""re.sub for the punctuation, padded by hand with NumPy (zeros after the words), model(x) instead of predict."""
import re

import numpy as np


def encode_review(text, word_index):
    words = re.sub(r'[!"#$%&()*+,\-./:;<=>?@\[\\\]^_`{|}~\t\n]', " ", text.lower()).split()
    out = [1]
    for w in words:
        idx = word_index.get(w)
        out.append(idx if idx is not None and idx < 10000 else 2)
    return out


def predict_sentiment(model, text, word_index):
    ids = encode_review(text, word_index)[-256:]  # the last 256, as pad_sequences keeps
    x = np.zeros((1, 256), dtype="int32")
    x[0, :len(ids)] = ids
    return float(np.asarray(model(x))[0][0])
