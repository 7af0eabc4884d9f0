"""Every row of the Embedding is scored, the four reserved ids too, named with step 3's reverse index (markers included)."""

import numpy as np

EXPECT = "words.reserved"
CHECKS = "every_word"


def word_scores(model, raw_index, count=20):
    reverse = {rank + 3: word for word, rank in raw_index.items()}
    reverse.update({0: "<PAD>", 1: "<START>", 2: "<UNK>", 3: "<UNUSED>"})
    embedding = model.layers[0].get_weights()[0]
    kernel, bias = model.layers[2].get_weights()
    last_kernel, last_bias = model.layers[3].get_weights()
    logits = (np.maximum(embedding @ kernel + bias, 0) @ last_kernel + last_bias).ravel()  # ids 0 to 9999
    order = np.argsort(-logits)
    positive = [(reverse[i], float(logits[i])) for i in order[:count]]
    negative = [(reverse[i], float(logits[i])) for i in order[::-1][:count]]
    return positive, negative
