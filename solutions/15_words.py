"""Step 15 · Look inside your model: reference solution."""

import numpy as np

NUM_WORDS = 10000  # the Embedding's rows: ids 0 to 9,999
SHIFT = 3  # load_data's index_from: ids 0-3 are <PAD>, <START>, <UNK>, <UNUSED>


def word_scores(model, raw_index, count=20):
    """Score every word of the vocabulary with the trained model (the logit of a review made of that word alone)
    and return (positive, negative): the `count` highest-scored (word, score) pairs, highest first, and the
    `count` lowest, lowest first. raw_index: what imdb.get_word_index() returns (word -> rank, 1 = "the")."""
    words = [word for word, rank in raw_index.items() if rank + SHIFT < NUM_WORDS]
    ids = np.array([raw_index[word] + SHIFT for word in words])
    embedding = model.layers[0].get_weights()[0]  # (10000, 16): one learned vector per word id
    kernel, bias = model.layers[2].get_weights()  # Dense(16, relu)
    last_kernel, last_bias = model.layers[3].get_weights()  # Dense(1, sigmoid): its weights, not its sigmoid
    hidden = np.maximum(embedding[ids] @ kernel + bias, 0)  # a one-word review: the average is the word's vector
    logits = (hidden @ last_kernel + last_bias).ravel()
    order = np.argsort(-logits)  # highest first
    positive = [(words[i], float(logits[i])) for i in order[:count]]
    negative = [(words[i], float(logits[i])) for i in order[::-1][:count]]
    return positive, negative
