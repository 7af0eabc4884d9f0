"""epochs=20: the training ends at epoch 20 whatever the callback says."""

import keras

EXPECT = "stop.knob.epochs"


def train_early(model, partial_x_train, partial_y_train, x_val, y_val):
    stop = keras.callbacks.EarlyStopping(monitor="val_loss", patience=3, restore_best_weights=True)
    return model.fit(partial_x_train, partial_y_train, epochs=20, batch_size=512, validation_data=(x_val, y_val),
                     callbacks=[stop])
