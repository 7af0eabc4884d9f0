"""loss='mean_squared_error' (the post mentions it as a possible choice)."""
import keras

EXPECT = "compile.knob.loss"


def compile_model(model):
    model.compile(optimizer="adam", loss="mean_squared_error", metrics=["accuracy"])
    return model
