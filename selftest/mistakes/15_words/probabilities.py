"""model.predict on one-word reviews (no padding): the sigmoid's probabilities, 1.0 for every strong word."""

import numpy as np

EXPECT = "words.probabilities"


def word_scores(model, raw_index, count=20):
    words = [word for word, rank in raw_index.items() if rank + 3 < 10000]
    ids = np.array([raw_index[word] + 3 for word in words]).reshape(-1, 1)
    scores = model.predict(ids, verbose=0, batch_size=1024).ravel()
    order = np.argsort(-scores)
    positive = [(words[i], float(scores[i])) for i in order[:count]]
    negative = [(words[i], float(scores[i])) for i in order[::-1][:count]]
    return positive, negative
