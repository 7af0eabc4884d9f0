"""batch_size and epochs by position: fit's 3rd and 4th parameters, in that order."""


def train(model, partial_x_train, partial_y_train, x_val, y_val):
    return model.fit(partial_x_train, partial_y_train, 512, 40, validation_data=(x_val, y_val))
