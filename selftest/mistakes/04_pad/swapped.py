"""Returned in the wrong order: (test, train)."""
import keras

EXPECT = "pad.swapped"


def pad_reviews(train_data, test_data):
    options = dict(value=0, padding="post", maxlen=256)
    return keras.utils.pad_sequences(test_data, **options), keras.utils.pad_sequences(train_data, **options)
