"""maxlen=250 instead of 256."""
import keras

EXPECT = "pad.knob.maxlen"


def pad_reviews(train_data, test_data):
    return (keras.utils.pad_sequences(train_data, value=0, padding="post", maxlen=250),
            keras.utils.pad_sequences(test_data, value=0, padding="post", maxlen=250))
