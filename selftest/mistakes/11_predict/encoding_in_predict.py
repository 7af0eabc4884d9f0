"""A wrong encode_review (not lower-cased) used by a right predict_sentiment: the predict checks
point back to encode_review instead of blaming predict_sentiment."""
import keras

EXPECT = "predict.knob.lower"
CHECKS = "review"  # a predict_sentiment mistake: only its checks

FILTERS = '!"#$%&()*+,-./:;<=>?@[\\]^_`{|}~\t\n'


def encode_review(text, word_index):
    text = text.translate(str.maketrans(FILTERS, " " * len(FILTERS)))
    ids = [1]
    for word in text.split():
        i = word_index.get(word, 2)
        ids.append(i if i < 10000 else 2)
    return ids


def predict_sentiment(model, text, word_index):
    x = keras.utils.pad_sequences([encode_review(text, word_index)], maxlen=256, padding="post", value=0)
    return float(model.predict(x, verbose=0)[0, 0])
