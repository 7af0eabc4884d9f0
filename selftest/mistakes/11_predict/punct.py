"""Punctuation kept: 'film!' and 'plot,' are not in the index."""

EXPECT = "predict.knob.filters"
CHECKS = "not review"  # an encode_review mistake: the checks of predict_sentiment would only repeat it

FILTERS = '!"#$%&()*+,-./:;<=>?@[\\]^_`{|}~\t\n'


def encode_review(text, word_index):
    ids = [1]
    for word in text.lower().split():
        i = word_index.get(word, 2)
        ids.append(i if i < 10000 else 2)
    return ids
