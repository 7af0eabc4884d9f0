"""A loss function of the learner's own: the saved model names a function Keras does not know."""
import keras

EXPECT = "compile.unsaved"


def my_loss(y, p):
    return keras.losses.binary_crossentropy(y, p)


def compile_model(model):
    model.compile(optimizer="adam", loss=my_loss, metrics=["accuracy"])
    return model
