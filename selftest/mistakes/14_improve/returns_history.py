"""improve() returns what fit gives (the History), not the model."""

import keras
import numpy as np

EXPECT = "improve.not_a_model"
CHECKS = "returns_a_trained_model"


def improve(train_data, train_labels):
    x = np.zeros((len(train_data), 100), dtype="float32")
    for i, review in enumerate(train_data):
        ids = np.asarray(review)
        x[i, ids[ids < 100]] = 1
    model = keras.Sequential([keras.Input((100,)), keras.layers.Dense(1, activation="sigmoid")])
    model.compile(optimizer="adam", loss="binary_crossentropy")
    return model.fit(x[:2000], np.asarray(train_labels[:2000], dtype="float32"), epochs=1, verbose=0)


def predict_reviews(model, reviews):
    raise NotImplementedError
