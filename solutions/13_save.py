"""Step 13 · Save the model and serve raw text: reference solution."""

import re

import keras
import numpy as np
import tensorflow as tf

FILTERS = '!"#$%&()*+,-./:;<=>?@[\\]^_`{|}~\t\n'  # Keras's filters: every punctuation mark but the apostrophe
NUM_WORDS = 10000
MAXLEN = 256
START_TOKEN = "[start]"  # "[" is a filter character: no review can contain this word


def save_and_reload(model, out_dir):
    """Save the model as one `.keras` file in out_dir, load it again from that file, return the loaded model."""
    path = out_dir / "imdb.keras"
    model.save(path)
    return keras.saving.load_model(path)


@keras.saving.register_keras_serializable(package="imdb_kata")
def clean(texts):
    """Step 11's cleaning, on a batch of strings: lower-case, and every character of FILTERS becomes a space."""
    texts = tf.strings.lower(texts, encoding="utf-8")
    return tf.strings.regex_replace(texts, "[" + re.escape(FILTERS) + "]", " ")


@keras.saving.register_keras_serializable(package="imdb_kata")
def words(texts):
    """The words of each text, after a start word; the last 256 kept (pad_sequences's truncating='pre')."""
    start = tf.strings.split(tf.fill(tf.shape(texts), START_TOKEN))
    return tf.concat([start, tf.strings.split(texts)], axis=1)[:, -MAXLEN:]


def export_model(model, word_index):
    """A model that reads a batch of raw reviews (strings) and gives the trained model's probabilities."""
    by_id = {i: w for w, i in word_index.items()}
    # TextVectorization numbers its vocabulary from 2 (0: padding, 1: unknown words): this list puts each
    # word at its IMDB id, and the start word at 2.
    vocabulary = [START_TOKEN, "[unused]"] + [by_id[i] for i in range(4, NUM_WORDS)]
    vectorize = keras.layers.TextVectorization(standardize=clean, split=words, vocabulary=vocabulary,
                                               output_sequence_length=MAXLEN)
    texts = keras.Input(shape=(), dtype="string")
    ids = vectorize(texts)
    # IMDB's ids: <START> = 1, <UNK> = 2; TextVectorization's: unknown = 1, the start word = 2. Swap them.
    ids = keras.ops.where(keras.ops.equal(ids, 1), 2, keras.ops.where(keras.ops.equal(ids, 2), 1, ids))
    return keras.Model(texts, model(ids))


def predict_texts(model, texts):
    """Serve: the probabilities the end-to-end model gives a list of reviews, in one call."""
    x = tf.constant([str(text) for text in texts], dtype=tf.string)
    if len(model.inputs[0].shape) == 2:  # a model made with keras.Input(shape=(1,), dtype="string")
        x = tf.reshape(x, (-1, 1))
    return [float(p) for p in np.asarray(model.predict(x, verbose=0)).reshape(-1)]
