"""A keras.Sequential end to end: the string input, TextVectorization, a layer class of its own that swaps
<START> and <UNK> (registered, so the file loads again), then the trained model."""
import re

import keras
import tensorflow as tf

FILTERS = '!"#$%&()*+,-./:;<=>?@[\\]^_`{|}~\t\n'


@keras.saving.register_keras_serializable(package="imdb_kata_alternative")
def standardize_text(texts):
    return tf.strings.regex_replace(tf.strings.lower(texts), "[" + re.escape(FILTERS) + "]", " ")


@keras.saving.register_keras_serializable(package="imdb_kata_alternative")
def split_words(texts):
    words = tf.strings.split(texts)
    start = tf.strings.split(tf.fill(tf.shape(texts), "[start]"))
    return tf.concat([start, words], axis=1)[:, -256:]


@keras.saving.register_keras_serializable(package="imdb_kata_alternative")
class SwapStartUnknown(keras.layers.Layer):
    """TextVectorization's 1 (unknown) becomes IMDB's 2 (<UNK>), and its 2 (the start word) IMDB's 1 (<START>)."""

    def call(self, ids):
        one, two = keras.ops.equal(ids, 1), keras.ops.equal(ids, 2)
        return keras.ops.where(one, 2, keras.ops.where(two, 1, ids))


def export_model(model, word_index):
    words = [w for w, i in sorted(word_index.items(), key=lambda item: item[1]) if 4 <= i < 10000]
    return keras.Sequential([
        keras.Input(shape=(), dtype="string"),
        keras.layers.TextVectorization(standardize=standardize_text, split=split_words,
                                       vocabulary=["[start]", "[unused]", *words], output_sequence_length=256),
        SwapStartUnknown(),
        model,
    ])
