"""validation_data as a list and callbacks as a tuple: Keras reads both as it reads the post's tuple and list."""

import keras


def train_early(model, partial_x_train, partial_y_train, x_val, y_val):
    stop = keras.callbacks.EarlyStopping(monitor="val_loss", patience=3, restore_best_weights=True)
    return model.fit(partial_x_train, partial_y_train, epochs=40, batch_size=512, validation_data=[x_val, y_val],
                     callbacks=(stop,))
