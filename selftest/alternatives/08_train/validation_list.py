"""validation_data as a list: Keras reads [x_val, y_val] as it reads the tuple."""


def train(model, partial_x_train, partial_y_train, x_val, y_val):
    return model.fit(partial_x_train, partial_y_train, epochs=40, batch_size=512, validation_data=[x_val, y_val])
