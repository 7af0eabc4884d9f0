"""Every setting by its name, positional: compile(optimizer, loss, metrics=...)."""


def compile_model(model):
    model.compile("adam", "binary_crossentropy", metrics=["binary_accuracy"])
    return model
