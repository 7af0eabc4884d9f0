"""The class, imported by name and given alone (not in a list): callbacks=EarlyStopping."""

from keras.callbacks import EarlyStopping

EXPECT = "stop.callback_class"


def train_early(model, partial_x_train, partial_y_train, x_val, y_val):
    return model.fit(partial_x_train, partial_y_train, epochs=40, batch_size=512, validation_data=(x_val, y_val),
                     callbacks=EarlyStopping)
