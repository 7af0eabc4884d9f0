"""The loss class without its parentheses: Keras compiles, then cannot save the model."""
import keras

EXPECT = "compile.class_not_object"


def compile_model(model):
    model.compile(optimizer="adam", loss=keras.losses.BinaryCrossentropy, metrics=["accuracy"])
    return model
