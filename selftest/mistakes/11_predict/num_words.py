"""Ids of 10000 or more kept (the model only knows 0..9999)."""

EXPECT = "predict.knob.num_words"
CHECKS = "not review"  # an encode_review mistake: the checks of predict_sentiment would only repeat it

FILTERS = '!"#$%&()*+,-./:;<=>?@[\\]^_`{|}~\t\n'


def encode_review(text, word_index):
    text = text.lower().translate(str.maketrans(FILTERS, " " * len(FILTERS)))
    return [1] + [word_index.get(w, 2) for w in text.split()]
