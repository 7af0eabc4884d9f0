"""Padded with the <START> id (1) instead of <PAD> (0)."""
import keras

EXPECT = "pad.knob.value"


def pad_reviews(train_data, test_data):
    return (keras.utils.pad_sequences(train_data, value=1, padding="post", maxlen=256),
            keras.utils.pad_sequences(test_data, value=1, padding="post", maxlen=256))
