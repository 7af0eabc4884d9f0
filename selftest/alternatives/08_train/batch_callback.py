"""A callback that acts after every batch and changes nothing (TerminateOnNaN): the same training, trained as written."""

import keras


def train(model, partial_x_train, partial_y_train, x_val, y_val):
    return model.fit(partial_x_train, partial_y_train, epochs=40, batch_size=512, validation_data=(x_val, y_val),
                     callbacks=(keras.callbacks.TerminateOnNaN(),))
