"""dtype='float32': the right numbers, but word ids as floats."""
import keras

EXPECT = "pad.knob.dtype"


def pad_reviews(train_data, test_data):
    options = dict(value=0, padding="post", maxlen=256, dtype="float32")
    return keras.utils.pad_sequences(train_data, **options), keras.utils.pad_sequences(test_data, **options)
