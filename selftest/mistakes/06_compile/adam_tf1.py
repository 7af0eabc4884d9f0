"""The 2018 post's tf.train.AdamOptimizer(): gone in TensorFlow 2 (AttributeError)."""
import tensorflow as tf

EXPECT = "known.adam_tf1"


def compile_model(model):
    model.compile(optimizer=tf.train.AdamOptimizer(), loss="binary_crossentropy", metrics=["accuracy"])
    return model
