"""steps_per_epoch=10: ten batches an epoch, not a pass over the data (the kata's fast compile must not make it one)."""

EXPECT = "train.knob.steps_per_epoch"


def train(model, partial_x_train, partial_y_train, x_val, y_val):
    return model.fit(partial_x_train, partial_y_train, epochs=40, batch_size=512, validation_data=(x_val, y_val),
                     steps_per_epoch=10)
