"""Keras 1's Adam(lr=...): Keras 3 calls it learning_rate and refuses lr (ValueError)."""
import keras

EXPECT = "known.renamed"


def compile_model(model):
    model.compile(optimizer=keras.optimizers.Adam(lr=0.001), loss="binary_crossentropy", metrics=["accuracy"])
    return model
