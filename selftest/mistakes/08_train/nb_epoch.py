"""Keras 1's nb_epoch=40: Keras 3's fit calls it epochs (TypeError)."""

EXPECT = "known.renamed"


def train(model, partial_x_train, partial_y_train, x_val, y_val):
    return model.fit(partial_x_train, partial_y_train, nb_epoch=40, batch_size=512, validation_data=(x_val, y_val))
