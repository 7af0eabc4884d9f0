"""padding left at its default, 'pre': the zeros come before the words."""
import keras

EXPECT = "pad.knob.padding"


def pad_reviews(train_data, test_data):
    return (keras.utils.pad_sequences(train_data, value=0, maxlen=256),
            keras.utils.pad_sequences(test_data, value=0, maxlen=256))
