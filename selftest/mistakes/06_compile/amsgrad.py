"""Adam(amsgrad=True): a variant of Adam, not the post's Adam with its defaults."""
import keras

EXPECT = "compile.knob.amsgrad"


def compile_model(model):
    model.compile(optimizer=keras.optimizers.Adam(amsgrad=True), loss="binary_crossentropy", metrics=["accuracy"])
    return model
