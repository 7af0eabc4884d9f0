"""Returns what model.compile returns: None."""
import keras

EXPECT = "compile.returns_none"


def compile_model(model):
    return model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
