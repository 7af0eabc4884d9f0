"""The metric class without its parentheses, in the metrics list."""
import keras

EXPECT = "compile.class_not_object"


def compile_model(model):
    model.compile(optimizer="adam", loss="binary_crossentropy", metrics=[keras.metrics.BinaryAccuracy])
    return model
