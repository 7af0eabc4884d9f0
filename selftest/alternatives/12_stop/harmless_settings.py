"""Settings the step says nothing of, that change nothing here: a baseline val_loss beats anyway, a warm-up of 10
epochs, a min_delta of 1e-6 (every improvement near the lowest point is larger), and patience=2."""

import keras


def train_early(model, partial_x_train, partial_y_train, x_val, y_val):
    stop = keras.callbacks.EarlyStopping(monitor="val_loss", min_delta=1e-6, patience=2, baseline=0.5,
                                         restore_best_weights=True, start_from_epoch=10)
    return model.fit(partial_x_train, partial_y_train, epochs=40, batch_size=512, validation_data=(x_val, y_val),
                     callbacks=[stop], verbose=0)
