"""metrics='accuracy', a string: Keras 3 wants a list of metrics (ValueError)."""

EXPECT = "known.metrics_list"


def compile_model(model):
    model.compile(optimizer="adam", loss="binary_crossentropy", metrics="accuracy")
    return model
