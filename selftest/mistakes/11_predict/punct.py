"""Punctuation kept: 'film!' and 'plot,' are not in the index."""

EXPECT = "predict.punct"

FILTERS = '!"#$%&()*+,-./:;<=>?@[\\]^_`{|}~\t\n'


def encode_review(text, word_index):
    ids = [1]
    for word in text.lower().split():
        i = word_index.get(word, 2)
        ids.append(i if i < 10000 else 2)
    return ids
