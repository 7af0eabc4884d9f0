"""The rank is taken as the id: each word gets the Embedding row of the word three ranks below it."""

import numpy as np

EXPECT = "words.not_shifted"


def word_scores(model, raw_index, count=20):
    words = [word for word, rank in raw_index.items() if rank < 10000]
    ids = np.array([raw_index[word] for word in words])
    embedding = model.layers[0].get_weights()[0]
    kernel, bias = model.layers[2].get_weights()
    last_kernel, last_bias = model.layers[3].get_weights()
    logits = (np.maximum(embedding[ids] @ kernel + bias, 0) @ last_kernel + last_bias).ravel()
    order = np.argsort(-logits)
    positive = [(words[i], float(logits[i])) for i in order[:count]]
    negative = [(words[i], float(logits[i])) for i in order[::-1][:count]]
    return positive, negative
