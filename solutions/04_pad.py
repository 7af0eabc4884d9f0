"""Step 4 · Pad the reviews to 256 tokens: reference solution."""

import keras

PAD = 0  # word_index["<PAD>"]


def pad_reviews(train_data, test_data):
    """Return `(train_padded, test_padded)`: both sets padded with <PAD> (0) after the words, to 256 ids."""
    options = dict(value=PAD, padding="post", maxlen=256)
    return keras.utils.pad_sequences(train_data, **options), keras.utils.pad_sequences(test_data, **options)
