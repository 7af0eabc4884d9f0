"""A copied line: the test array is padded from train_data again (nothing swapped, the test set never read)."""
import keras

EXPECT = "pad.same_set"


def pad_reviews(train_data, test_data):
    train = keras.utils.pad_sequences(train_data, value=0, padding="post", maxlen=256)
    test = keras.utils.pad_sequences(train_data, value=0, padding="post", maxlen=256)
    return train, test
