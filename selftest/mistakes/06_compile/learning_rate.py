"""Adam(learning_rate=0.01): ten times the default."""
import keras

EXPECT = "compile.knob.learning_rate"


def compile_model(model):
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.01), loss="binary_crossentropy", metrics=["accuracy"])
    return model
