"""Only the training reviews padded; the test reviews returned as they came."""
import keras

EXPECT = "pad.test_not_padded"


def pad_reviews(train_data, test_data):
    return keras.utils.pad_sequences(train_data, value=0, padding="post", maxlen=256), test_data
