"""Unknown and rare words dropped instead of mapped to <UNK>."""

EXPECT = "predict.knob.dropped"
CHECKS = "not review"  # an encode_review mistake: the checks of predict_sentiment would only repeat it

FILTERS = '!"#$%&()*+,-./:;<=>?@[\\]^_`{|}~\t\n'


def encode_review(text, word_index):
    text = text.lower().translate(str.maketrans(FILTERS, " " * len(FILTERS)))
    return [1] + [word_index[w] for w in text.split() if w in word_index and word_index[w] < 10000]
