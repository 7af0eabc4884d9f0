"""A callback that saves checkpoints instead of one that stops."""

import keras

EXPECT = "stop.no_callback"


def train_early(model, partial_x_train, partial_y_train, x_val, y_val):
    logger = keras.callbacks.CSVLogger("/tmp/kata-training-log.csv")
    return model.fit(partial_x_train, partial_y_train, epochs=40, batch_size=512, validation_data=(x_val, y_val),
                     callbacks=[logger])
