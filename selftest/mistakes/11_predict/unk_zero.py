"""Unknown words mapped to 0 (<PAD>) instead of 2 (<UNK>)."""

EXPECT = "predict.knob.unk"
CHECKS = "not review"  # an encode_review mistake: the checks of predict_sentiment would only repeat it

FILTERS = '!"#$%&()*+,-./:;<=>?@[\\]^_`{|}~\t\n'


def encode_review(text, word_index):
    text = text.lower().translate(str.maketrans(FILTERS, " " * len(FILTERS)))
    ids = [1]
    for word in text.split():
        i = word_index.get(word, 0)
        ids.append(i if i < 10000 else 0)
    return ids
