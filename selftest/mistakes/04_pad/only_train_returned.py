"""Returns only the padded training reviews."""
import keras

EXPECT = "pad.structure"


def pad_reviews(train_data, test_data):
    return keras.utils.pad_sequences(train_data, value=0, padding="post", maxlen=256)
