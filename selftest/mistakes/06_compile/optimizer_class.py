"""The optimizer class without its parentheses: Keras's compile cannot interpret it."""
from keras.optimizers import Adam

EXPECT = "compile.class_not_object"


def compile_model(model):
    model.compile(optimizer=Adam, loss="binary_crossentropy", metrics=["accuracy"])
    return model
