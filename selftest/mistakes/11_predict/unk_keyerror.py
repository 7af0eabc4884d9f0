"""word_index[word] for every word: a KeyError for a word the index lacks."""

EXPECT = "predict.unk_keyerror"
CHECKS = "not review"  # an encode_review mistake: the checks of predict_sentiment would only repeat it

FILTERS = '!"#$%&()*+,-./:;<=>?@[\\]^_`{|}~\t\n'


def encode_review(text, word_index):
    text = text.lower().translate(str.maketrans(FILTERS, " " * len(FILTERS)))
    return [1] + [word_index[w] if word_index[w] < 10000 else 2 for w in text.split()]
