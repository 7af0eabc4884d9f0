"""truncating='post': long reviews keep their first 256 ids, unlike the post (default 'pre')."""
import keras

EXPECT = "pad.knob.truncating"


def pad_reviews(train_data, test_data):
    options = dict(value=0, padding="post", truncating="post", maxlen=256)
    return keras.utils.pad_sequences(train_data, **options), keras.utils.pad_sequences(test_data, **options)
