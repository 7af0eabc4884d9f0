"""Returns the model without compiling it."""
import keras

EXPECT = "compile.not_compiled"


def compile_model(model):
    return model
