"""batch_size left out: Keras's default mini-batch of 32 reviews."""

EXPECT = "train.knob.batch_size"


def train(model, partial_x_train, partial_y_train, x_val, y_val):
    return model.fit(partial_x_train, partial_y_train, epochs=40, validation_data=(x_val, y_val))
