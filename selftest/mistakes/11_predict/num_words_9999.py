"""Off by one the other way: the last id the model knows (9999) becomes <UNK>."""

EXPECT = "predict.knob.num_words"
CHECKS = "not review"  # an encode_review mistake: the checks of predict_sentiment would only repeat it

FILTERS = '!"#$%&()*+,-./:;<=>?@[\\]^_`{|}~\t\n'


def encode_review(text, word_index):
    text = text.lower().translate(str.maketrans(FILTERS, " " * len(FILTERS)))
    ids = [1]
    for word in text.split():
        i = word_index.get(word, 2)
        ids.append(i if i < 9999 else 2)
    return ids
