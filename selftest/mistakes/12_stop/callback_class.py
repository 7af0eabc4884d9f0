"""The EarlyStopping class itself in callbacks, not an EarlyStopping made from it."""

import keras

EXPECT = "stop.callback_class"


def train_early(model, partial_x_train, partial_y_train, x_val, y_val):
    return model.fit(partial_x_train, partial_y_train, epochs=40, batch_size=512, validation_data=(x_val, y_val),
                     callbacks=[keras.callbacks.EarlyStopping])
