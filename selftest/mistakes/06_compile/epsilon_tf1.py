"""Adam with TensorFlow 1's (and PyTorch's) epsilon, 1e-08, instead of Keras's default."""
import keras

EXPECT = "compile.knob.epsilon"


def compile_model(model):
    model.compile(optimizer=keras.optimizers.Adam(epsilon=1e-8), loss="binary_crossentropy", metrics=["accuracy"])
    return model
