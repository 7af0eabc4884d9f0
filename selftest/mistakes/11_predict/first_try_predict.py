"""The same first try, seen from predict_sentiment's checks only: its crash in the Embedding (an id of 10000 or
more) follows from encode_review's ids, and is named as encode_review's mistake, not as a crash."""
import keras

EXPECT = "predict.knob.lower"
CHECKS = "review"  # predict_sentiment's checks only: they must say the crash is encode_review's mistake

FILTERS = '!"#$%&()*+,-./:;<=>?@[\\]^_`{|}~\t\n'


def encode_review(text, word_index):
    text = text.translate(str.maketrans(FILTERS, " " * len(FILTERS)))
    ids = [1]
    for word in text.split(" "):
        ids.append(word_index.get(word, 2))
    return ids


def predict_sentiment(model, text, word_index):
    x = keras.utils.pad_sequences([encode_review(text, word_index)], maxlen=256, padding="post", value=0)
    return float(model.predict(x, verbose=0)[0, 0])
