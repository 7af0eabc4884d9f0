"""model.fit called twice: a second training on top of the early-stopped one."""

import keras

EXPECT = "stop.fit_twice"
CHECKS = "fit_arguments"


def train_early(model, partial_x_train, partial_y_train, x_val, y_val):
    stop = keras.callbacks.EarlyStopping(monitor="val_loss", patience=3, restore_best_weights=True)
    history = model.fit(partial_x_train, partial_y_train, epochs=40, batch_size=512, validation_data=(x_val, y_val),
                        callbacks=[stop])
    model.fit(partial_x_train, partial_y_train, epochs=40, batch_size=512, validation_data=(x_val, y_val), callbacks=[stop])
    return history
