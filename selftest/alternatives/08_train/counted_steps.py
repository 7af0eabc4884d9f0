"""The steps fit counts itself, written out: 30 batches of 512 are one pass over the 15,000 reviews, 20 over the
10,000 validation reviews (the same training, run one step at a time since it counts its own steps)."""


def train(model, partial_x_train, partial_y_train, x_val, y_val):
    return model.fit(partial_x_train, partial_y_train, epochs=40, batch_size=512, validation_data=(x_val, y_val),
                     steps_per_epoch=30, validation_steps=20)
