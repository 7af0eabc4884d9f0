"""No TextVectorization: a layer class of its own cleans, splits and pads the words (with ""), then
keras.layers.StringLookup gives the ids ("" -> 0, unknown -> 1, the vocabulary from 2), swapped to IMDB's."""
import re

import keras
import tensorflow as tf

FILTERS = '!"#$%&()*+,-./:;<=>?@[\\]^_`{|}~\t\n'


@keras.saving.register_keras_serializable(package="imdb_kata_alternative")
class Words(keras.layers.Layer):
    """Step 11's words of each review, "[start]" first, the last 256, padded with "" to 256."""

    def call(self, texts):
        texts = tf.strings.regex_replace(tf.strings.lower(texts, encoding="utf-8"), "[" + re.escape(FILTERS) + "]", " ")
        words = tf.strings.split(texts)
        start = tf.strings.split(tf.fill(tf.shape(texts), "[start]"))
        words = tf.concat([start, words], axis=1)[:, -256:]
        return words.to_tensor(default_value="", shape=[None, 256])

    def compute_output_shape(self, input_shape):
        return (input_shape[0], 256)

    def compute_output_spec(self, texts):
        return keras.KerasTensor((texts.shape[0], 256), dtype="string")


def export_model(model, word_index):
    by_id = {i: w for w, i in word_index.items()}
    lookup = keras.layers.StringLookup(vocabulary=["[start]", "[unused]"] + [by_id[i] for i in range(4, 10000)],
                                       mask_token="", num_oov_indices=1)
    texts = keras.Input(shape=(), dtype="string")
    ids = lookup(Words()(texts))
    ids = keras.ops.where(keras.ops.equal(ids, 1), 2, keras.ops.where(keras.ops.equal(ids, 2), 1, ids))
    return keras.Model(texts, model(ids))
