"""No validation data: fit reports the training accuracy only."""

EXPECT = "train.knob.validation_data"


def train(model, partial_x_train, partial_y_train, x_val, y_val):
    return model.fit(partial_x_train, partial_y_train, epochs=40, batch_size=512)
