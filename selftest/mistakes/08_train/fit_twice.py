"""model.fit called twice: the second call trains on top of the first one's 40 epochs."""

EXPECT = "train.fit_twice"
CHECKS = "fit_arguments"


def train(model, partial_x_train, partial_y_train, x_val, y_val):
    history = model.fit(partial_x_train, partial_y_train, epochs=40, batch_size=512, validation_data=(x_val, y_val))
    model.fit(partial_x_train, partial_y_train, epochs=10, batch_size=512, validation_data=(x_val, y_val))
    return history
