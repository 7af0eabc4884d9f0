"""BinaryCrossentropy(from_logits=True) on a model that already ends with a sigmoid."""
import keras

EXPECT = "compile.knob.from_logits"


def compile_model(model):
    model.compile(optimizer="adam", loss=keras.losses.BinaryCrossentropy(from_logits=True), metrics=["accuracy"])
    return model
