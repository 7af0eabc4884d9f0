"""tf.keras.models.load_model on a str path built by hand; predict_texts through np.array(dtype=object) and
.tolist(); the swap written with keras.ops.equal."""
import re

import keras
import numpy as np
import tensorflow as tf

FILTERS = '!"#$%&()*+,-./:;<=>?@[\\]^_`{|}~\t\n'


def save_and_reload(model, out_dir):
    path = str(out_dir) + "/model.keras"
    model.save(path)
    return tf.keras.models.load_model(path)


@keras.saving.register_keras_serializable(package="learner")
def standardize(texts):
    return tf.strings.regex_replace(tf.strings.lower(texts), "[" + re.escape(FILTERS) + "]", " ")


@keras.saving.register_keras_serializable(package="learner")
def split_words(texts):
    start = tf.strings.split(tf.fill(tf.shape(texts), "[start]"))
    return tf.concat([start, tf.strings.split(texts)], axis=1)[:, -256:]


def export_model(model, word_index):
    inv = {v: k for k, v in word_index.items()}
    vocab = ["[start]", "[unused]"] + [inv[i] for i in range(4, 10000)]
    vec = keras.layers.TextVectorization(standardize=standardize, split=split_words, vocabulary=vocab,
                                         output_sequence_length=256)
    inp = keras.Input(shape=(), dtype="string")
    ids = vec(inp)
    ids = keras.ops.where(keras.ops.equal(ids, 1), 2, keras.ops.where(keras.ops.equal(ids, 2), 1, ids))
    return keras.Model(inp, model(ids))


def predict_texts(model, texts):
    x = np.array(list(texts), dtype=object)
    return np.asarray(model.predict(x, verbose=0)).ravel().tolist()
