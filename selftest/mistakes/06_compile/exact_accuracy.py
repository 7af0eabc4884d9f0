"""keras.metrics.Accuracy(): exact matches, stays near 0 on probabilities."""
import keras

EXPECT = "compile.exact_accuracy"


def compile_model(model):
    model.compile(optimizer="adam", loss="binary_crossentropy", metrics=[keras.metrics.Accuracy()])
    return model
