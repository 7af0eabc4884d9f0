"""TextVectorization's default standardize deletes the punctuation and the apostrophe ('filmthe', 'didnt')."""

import keras
import tensorflow as tf

EXPECT = "save.knob.standardize"
CHECKS = "one_review or step_11_rules"


@keras.saving.register_keras_serializable(package="imdb_kata_mistake")
def words(texts):
    start = tf.strings.split(tf.fill(tf.shape(texts), "[start]"))
    return tf.concat([start, tf.strings.split(texts)], axis=1)[:, -256:]


def export_model(model, word_index):
    by_id = {i: w for w, i in word_index.items()}
    vocabulary = ["[start]", "[unused]"] + [by_id[i] for i in range(4, 10000)]
    vectorize = keras.layers.TextVectorization(split=words, vocabulary=vocabulary, output_sequence_length=256)
    texts = keras.Input(shape=(), dtype="string")
    ids = vectorize(texts)
    ids = keras.ops.where(keras.ops.equal(ids, 1), 2, keras.ops.where(keras.ops.equal(ids, 2), 1, ids))
    return keras.Model(texts, model(ids))
