"""A first try with three mistakes at once: no lower(), split(" ") (empty words), ids of 10000 or more kept, so
that predict_sentiment crashes in the Embedding. All three are named together, as the post's knobs."""
import keras

EXPECT = "predict.knob.lower"

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
