"""The other copied line: both arrays are the padded test reviews."""
import keras

EXPECT = "pad.same_set"


def pad_reviews(train_data, test_data):
    test = keras.utils.pad_sequences(test_data, value=0, padding="post", maxlen=256)
    return test, test.copy()
