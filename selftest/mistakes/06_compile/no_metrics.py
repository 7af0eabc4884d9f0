"""No metrics: training reports only the loss."""
import keras

EXPECT = "compile.no_accuracy"


def compile_model(model):
    model.compile(optimizer="adam", loss="binary_crossentropy")
    return model
