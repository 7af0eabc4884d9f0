"""optimizer='sgd' instead of Adam."""
import keras

EXPECT = "compile.knob.optimizer"


def compile_model(model):
    model.compile(optimizer="sgd", loss="binary_crossentropy", metrics=["accuracy"])
    return model
