"""Step 12 · Stop training early: reference solution."""

import keras


def train_early(model, partial_x_train, partial_y_train, x_val, y_val):
    """Train like step 8 (at most 40 epochs, batches of 512, validating on (x_val, y_val)), but stop once the
    validation loss has not improved for a few epochs and keep the best epoch's weights; return the History."""
    stop = keras.callbacks.EarlyStopping(monitor="val_loss", patience=3, restore_best_weights=True)
    return model.fit(
        partial_x_train,
        partial_y_train,
        epochs=40,
        batch_size=512,
        validation_data=(x_val, y_val),
        callbacks=[stop],
        verbose=2,
    )
