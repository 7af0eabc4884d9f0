"""The 2018 post's spelling: keras.preprocessing.sequence.pad_sequences, and value from a constant."""
from tensorflow import keras

PAD = 0


def pad_reviews(train_data, test_data):
    train = keras.preprocessing.sequence.pad_sequences(train_data, value=PAD, padding="post", maxlen=256)
    test = keras.preprocessing.sequence.pad_sequences(test_data, value=PAD, padding="post", maxlen=256)
    return train, test
