"""mode='max' on a loss: a higher validation loss counts as better."""

import keras

EXPECT = "stop.knob.mode"


def train_early(model, partial_x_train, partial_y_train, x_val, y_val):
    stop = keras.callbacks.EarlyStopping(monitor="val_loss", mode="max", patience=3, restore_best_weights=True)
    return model.fit(partial_x_train, partial_y_train, epochs=40, batch_size=512, validation_data=(x_val, y_val),
                     callbacks=[stop])
