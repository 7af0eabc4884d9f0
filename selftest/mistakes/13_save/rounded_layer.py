"""The exported model rounds its output (keras.ops.round): labels 0 or 1 served, not probabilities."""

import re

import keras
import tensorflow as tf

FILTERS = '!"#$%&()*+,-./:;<=>?@[\\]^_`{|}~\t\n'

EXPECT = "save.rounded"
CHECKS = "one_review or step_11_rules"


@keras.saving.register_keras_serializable(package="imdb_kata_rounded")
def clean(texts):
    texts = tf.strings.lower(texts, encoding="utf-8")
    return tf.strings.regex_replace(texts, "[" + re.escape(FILTERS) + "]", " ")


@keras.saving.register_keras_serializable(package="imdb_kata_rounded")
def words(texts):
    start = tf.strings.split(tf.fill(tf.shape(texts), "[start]"))
    return tf.concat([start, tf.strings.split(texts)], axis=1)[:, -256:]


def export_model(model, word_index):
    by_id = {i: w for w, i in word_index.items()}
    vocabulary = ["[start]", "[unused]"] + [by_id[i] for i in range(4, 10000)]
    vectorize = keras.layers.TextVectorization(standardize=clean, split=words, vocabulary=vocabulary,
                                               output_sequence_length=256)
    texts = keras.Input(shape=(), dtype="string")
    ids = vectorize(texts)
    ids = keras.ops.where(keras.ops.equal(ids, 1), 2, keras.ops.where(keras.ops.equal(ids, 2), 1, ids))
    probabilities = keras.ops.round(model(ids))
    return keras.Model(texts, probabilities)
