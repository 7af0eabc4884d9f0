"""3 added again to an index that is already shifted."""

EXPECT = "predict.knob.offset"
CHECKS = "not review"  # an encode_review mistake: the checks of predict_sentiment would only repeat it

FILTERS = '!"#$%&()*+,-./:;<=>?@[\\]^_`{|}~\t\n'


def encode_review(text, word_index):
    text = text.lower().translate(str.maketrans(FILTERS, " " * len(FILTERS)))
    ids = [1]
    for word in text.split():
        i = word_index.get(word)
        ids.append(i + 3 if i is not None and i < 10000 else 2)
    return ids
