"""encode_review wrong (no lower()), and predict_sentiment crashing on its own (the ids given to the model
without a batch): the crash is predict_sentiment's, not blamed on encode_review, since predict_sentiment crashes
on a review encode_review gets right too."""

EXPECT = "generic.crashed"
CHECKS = "review"  # predict_sentiment's checks only

FILTERS = '!"#$%&()*+,-./:;<=>?@[\\]^_`{|}~\t\n'


def encode_review(text, word_index):
    text = text.translate(str.maketrans(FILTERS, " " * len(FILTERS)))
    ids = [1]
    for word in text.split():
        i = word_index.get(word, 2)
        ids.append(i if i < 10000 else 2)
    return ids


def predict_sentiment(model, text, word_index):
    return float(model.predict(encode_review(text, word_index), verbose=0)[0, 0])
