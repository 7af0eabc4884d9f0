"""x and y by name, batch_size before epochs: the same call in another order."""


def train(model, partial_x_train, partial_y_train, x_val, y_val):
    history = model.fit(x=partial_x_train, y=partial_y_train, batch_size=512, epochs=40, validation_data=(x_val, y_val),
                        verbose=0)
    return history
