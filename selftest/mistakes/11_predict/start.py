"""No <START> token at the beginning."""

EXPECT = "predict.knob.start"
CHECKS = "not review"  # an encode_review mistake: the checks of predict_sentiment would only repeat it

FILTERS = '!"#$%&()*+,-./:;<=>?@[\\]^_`{|}~\t\n'


def encode_review(text, word_index):
    text = text.lower().translate(str.maketrans(FILTERS, " " * len(FILTERS)))
    ids = []
    for word in text.split():
        i = word_index.get(word, 2)
        ids.append(i if i < 10000 else 2)
    return ids
