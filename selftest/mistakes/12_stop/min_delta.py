"""min_delta=0.01: near its lowest point val_loss falls by less than that, so the callback stops early and keeps an
earlier epoch than the lowest val_loss."""

import keras

EXPECT = "stop.knob.min_delta"


def train_early(model, partial_x_train, partial_y_train, x_val, y_val):
    stop = keras.callbacks.EarlyStopping(monitor="val_loss", patience=3, min_delta=0.01, restore_best_weights=True)
    return model.fit(partial_x_train, partial_y_train, epochs=40, batch_size=512, validation_data=(x_val, y_val),
                     callbacks=[stop])
