"""Step 8 · Train the model: reference solution."""


def train(model, partial_x_train, partial_y_train, x_val, y_val):
    """Train `model` on the training split for 40 epochs (mini-batches of 512), validating on
    `(x_val, y_val)` after each epoch, and return the `History` that `model.fit` gives."""
    return model.fit(
        partial_x_train,
        partial_y_train,
        epochs=40,
        batch_size=512,
        validation_data=(x_val, y_val),
        verbose=2,  # one line per epoch
    )


def final_val_accuracy(history):
    """The validation accuracy after the last epoch, read from `history.history`, as a float."""
    return float(history.history["val_accuracy"][-1])
