"""loss='categorical_crossentropy' with a one-unit output: the loss is always about 0."""
import keras

EXPECT = "compile.knob.loss"


def compile_model(model):
    model.compile(optimizer="adam", loss="categorical_crossentropy", metrics=["accuracy"])
    return model
