"""patience=0 (Keras's default when left out): stops at the first epoch that is not a new best."""

import keras

EXPECT = "stop.knob.patience"


def train_early(model, partial_x_train, partial_y_train, x_val, y_val):
    stop = keras.callbacks.EarlyStopping(monitor="val_loss", restore_best_weights=True)
    return model.fit(partial_x_train, partial_y_train, epochs=40, batch_size=512, validation_data=(x_val, y_val),
                     callbacks=[stop])
