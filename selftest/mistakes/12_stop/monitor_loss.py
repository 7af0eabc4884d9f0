"""Monitors the training loss, which keeps falling to the end: it never stops anything."""

import keras

EXPECT = "stop.knob.monitor"


def train_early(model, partial_x_train, partial_y_train, x_val, y_val):
    stop = keras.callbacks.EarlyStopping(monitor="loss", patience=3, restore_best_weights=True)
    return model.fit(partial_x_train, partial_y_train, epochs=40, batch_size=512, validation_data=(x_val, y_val),
                     callbacks=[stop])
