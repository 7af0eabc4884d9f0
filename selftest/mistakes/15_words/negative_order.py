"""The negative list has the right words, taken from the end of the sorted order, but the highest of them first."""

import numpy as np

EXPECT = "words.order"
CHECKS = "most_negative"


def word_scores(model, raw_index, count=20):
    words = [word for word, rank in raw_index.items() if rank + 3 < 10000]
    ids = np.array([raw_index[word] + 3 for word in words])
    embedding = model.layers[0].get_weights()[0]
    kernel, bias = model.layers[2].get_weights()
    last_kernel, last_bias = model.layers[3].get_weights()
    logits = (np.maximum(embedding[ids] @ kernel + bias, 0) @ last_kernel + last_bias).ravel()
    order = np.argsort(-logits)
    positive = [(words[i], float(logits[i])) for i in order[:count]]
    negative = [(words[i], float(logits[i])) for i in order[-count:]]  # the lowest, but the highest of them first
    return positive, negative
