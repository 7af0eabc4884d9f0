"""tf.compat.v1.train.AdamOptimizer(): exists, but Keras 3's compile refuses it (ValueError)."""
import tensorflow as tf

EXPECT = "compile.adam_compat_v1"


def compile_model(model):
    model.compile(optimizer=tf.compat.v1.train.AdamOptimizer(), loss="binary_crossentropy", metrics=["accuracy"])
    return model
