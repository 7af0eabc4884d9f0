"""Text not lower-cased, and word_index[word]: a KeyError for 'I'."""

EXPECT = "predict.lower"
CHECKS = "not review"  # an encode_review mistake: the checks of predict_sentiment would only repeat it

FILTERS = '!"#$%&()*+,-./:;<=>?@[\\]^_`{|}~\t\n'


def encode_review(text, word_index):
    text = text.translate(str.maketrans(FILTERS, " " * len(FILTERS)))
    return [1] + [word_index[w] if word_index[w] < 10000 else 2 for w in text.split()]
