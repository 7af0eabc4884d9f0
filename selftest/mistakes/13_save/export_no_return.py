"""The end-to-end model is built, but the `return` is missing."""

import keras

EXPECT = "save.no_return_export"
CHECKS = "export_reloads"


def export_model(model, word_index):
    texts = keras.Input(shape=(), dtype="string")
    keras.Model(texts, model(keras.layers.TextVectorization(output_sequence_length=256, vocabulary=["a"])(texts)))
