"""The 2018 post's spelling: no Input (built lazily), input_length on the Embedding, tf.nn activations."""

import keras
import tensorflow as tf


def build_model(vocab_size=10000):
    model = keras.Sequential()
    model.add(keras.layers.Embedding(vocab_size, 16, input_length=256))
    model.add(keras.layers.GlobalAveragePooling1D())
    model.add(keras.layers.Dense(16, activation=tf.nn.relu))
    model.add(keras.layers.Dense(1, activation=tf.nn.sigmoid))
    return model
