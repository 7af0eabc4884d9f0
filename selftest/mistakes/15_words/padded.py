"""Each word as a one-word review padded to 256 ids, as step 11 does, and model.predict: the average counts 255 <PAD>s."""

import keras
import numpy as np

EXPECT = "words.padded"


def word_scores(model, raw_index, count=20):
    words = [word for word, rank in raw_index.items() if rank + 3 < 10000]
    ids = [[raw_index[word] + 3] for word in words]
    x = keras.utils.pad_sequences(ids, maxlen=256, padding="post", value=0)
    scores = model.predict(x, verbose=0, batch_size=1024).ravel()
    order = np.argsort(-scores)
    positive = [(words[i], float(scores[i])) for i in order[:count]]
    negative = [(words[i], float(scores[i])) for i in order[::-1][:count]]
    return positive, negative
