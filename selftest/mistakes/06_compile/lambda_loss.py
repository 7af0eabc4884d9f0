"""A lambda as the loss: Keras saves it, but never loads it back in safe mode."""
import keras

EXPECT = "compile.unsaved"


def compile_model(model):
    model.compile(optimizer="adam", loss=lambda y, p: keras.losses.binary_crossentropy(y, p), metrics=["accuracy"])
    return model
