"""maxlen forgotten: every review is padded up to the longest one."""
import keras

EXPECT = "pad.maxlen"


def pad_reviews(train_data, test_data):
    return (keras.utils.pad_sequences(train_data, value=0, padding="post"),
            keras.utils.pad_sequences(test_data, value=0, padding="post"))
