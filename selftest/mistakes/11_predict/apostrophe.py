"""string.punctuation used: the apostrophe goes too, so didn't becomes didn and t."""

EXPECT = "predict.knob.filters"
CHECKS = "not review"  # an encode_review mistake: the checks of predict_sentiment would only repeat it

FILTERS = '!"#$%&()*+,-./:;<=>?@[\\]^_`{|}~\t\n'


def encode_review(text, word_index):
    import string
    text = text.lower().translate(str.maketrans(string.punctuation, " " * len(string.punctuation)))
    ids = [1]
    for word in text.split():
        i = word_index.get(word, 2)
        ids.append(i if i < 10000 else 2)
    return ids
