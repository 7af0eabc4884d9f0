"""validation_split instead of the held-out (x_val, y_val)."""

EXPECT = "train.knob.validation_split"


def train(model, partial_x_train, partial_y_train, x_val, y_val):
    return model.fit(partial_x_train, partial_y_train, epochs=40, batch_size=512, validation_split=0.2)
