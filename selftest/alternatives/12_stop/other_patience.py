"""A patience of 5 (the step allows 2 to 5), mode='min' (what 'auto' means for a loss), epochs=100: the callback
stops the training before epoch 40 all the same, and keeps the best epoch's weights."""

from keras.callbacks import EarlyStopping


def train_early(model, partial_x_train, partial_y_train, x_val, y_val):
    stop = EarlyStopping("val_loss", patience=5, mode="min", restore_best_weights=True)
    return model.fit(partial_x_train, partial_y_train, 512, 100, validation_data=(x_val, y_val), callbacks=[stop])
