"""Only 10 epochs: the model stops learning early."""

EXPECT = "train.knob.epochs"


def train(model, partial_x_train, partial_y_train, x_val, y_val):
    return model.fit(partial_x_train, partial_y_train, epochs=10, batch_size=512, validation_data=(x_val, y_val))
