"""Ids as a tuple of a comprehension; padded with keras.preprocessing.sequence; the model's output squeezed to a
0-d tensor (one number, no float())."""
import keras

FILTERS = '!"#$%&()*+,-./:;<=>?@[\\]^_`{|}~\t\n'
TABLE = str.maketrans({c: " " for c in FILTERS})


def encode_review(text, word_index):
    words = text.lower().translate(TABLE).split()
    return (1, *(word_index[w] if word_index.get(w, 10000) < 10000 else 2 for w in words))


def predict_sentiment(model, text, word_index):
    x = keras.preprocessing.sequence.pad_sequences([list(encode_review(text, word_index))], maxlen=256,
                                                   padding="post", value=0)
    return keras.ops.squeeze(model(x, training=False))
