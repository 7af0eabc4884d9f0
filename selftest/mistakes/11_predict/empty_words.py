"""split(' ') keeps the empty words between two spaces."""

EXPECT = "predict.knob.split"
CHECKS = "not review"  # an encode_review mistake: the checks of predict_sentiment would only repeat it

FILTERS = '!"#$%&()*+,-./:;<=>?@[\\]^_`{|}~\t\n'


def encode_review(text, word_index):
    text = text.lower().translate(str.maketrans(FILTERS, " " * len(FILTERS)))
    ids = [1]
    for word in text.split(" "):
        i = word_index.get(word, 2)
        ids.append(i if i < 10000 else 2)
    return ids
