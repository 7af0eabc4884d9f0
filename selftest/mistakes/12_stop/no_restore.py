"""No restore_best_weights: the model keeps the last epoch's weights, patience epochs past the best."""

import keras

EXPECT = "stop.knob.restore_best_weights"


def train_early(model, partial_x_train, partial_y_train, x_val, y_val):
    stop = keras.callbacks.EarlyStopping(monitor="val_loss", patience=3)
    return model.fit(partial_x_train, partial_y_train, epochs=40, batch_size=512, validation_data=(x_val, y_val),
                     callbacks=[stop])
