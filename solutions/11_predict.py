"""Step 11 · Predict on new reviews: reference solution."""

if __name__ == "__main__":  # try your own reviews: make try TEXT="What a film!" (or this file with the reviews);
    # first, before TensorFlow is imported here: its start-up lines would come before your results
    import subprocess
    import sys

    sys.exit(subprocess.call([sys.executable, "-m", "kata", "try", *sys.argv[1:]]))

import keras  # noqa: E402

FILTERS = '!"#$%&()*+,-./:;<=>?@[\\]^_`{|}~\t\n'  # Keras's filters: every punctuation mark but the apostrophe
START, UNK = 1, 2
NUM_WORDS = 10000
MAXLEN = 256


def encode_review(text, word_index):
    """Turn a review (a string) into word ids as the data set has them: `<START>` first, `<UNK>` for
    words the model does not know."""
    text = text.lower().translate(str.maketrans(FILTERS, " " * len(FILTERS)))
    ids = [START]
    for word in text.split():
        i = word_index.get(word, UNK)
        ids.append(i if i < NUM_WORDS else UNK)
    return ids


def predict_sentiment(model, text, word_index):
    """The model's probability (a float between 0 and 1) that the review is positive."""
    x = keras.utils.pad_sequences([encode_review(text, word_index)], maxlen=MAXLEN, padding="post", value=0)
    return float(model.predict(x, verbose=0)[0, 0])
