"""predict_reviews answers 0.5 for every review: a placeholder left in."""

import keras
import numpy as np

EXPECT = "improve.constant"


def improve(train_data, train_labels):
    model = keras.Sequential([keras.Input((10,)), keras.layers.Dense(1, activation="sigmoid")])
    model.compile(optimizer="adam", loss="binary_crossentropy")
    return model


def predict_reviews(model, reviews):
    return np.full(len(reviews), 0.5)
