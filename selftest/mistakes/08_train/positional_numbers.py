"""40 and 512 passed by position: fit's third parameter is batch_size, so it asks for 512 epochs of 40."""

EXPECT = "train.epochs_batch_swapped"


def train(model, partial_x_train, partial_y_train, x_val, y_val):
    return model.fit(partial_x_train, partial_y_train, 40, 512, validation_data=(x_val, y_val))
