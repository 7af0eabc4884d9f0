"""The last layer has no sigmoid (logits), and predict_reviews returns its raw outputs."""

import keras
import numpy as np

EXPECT = "improve.not_probabilities"


def bag(reviews):
    x = np.zeros((len(reviews), 1000), dtype="float32")
    for i, review in enumerate(reviews):
        ids = np.asarray(review)
        x[i, ids[ids < 1000]] = 1
    return x


def improve(train_data, train_labels):
    model = keras.Sequential([keras.Input((1000,)), keras.layers.Dense(1)])
    model.compile(optimizer="adam", loss=keras.losses.BinaryCrossentropy(from_logits=True))
    model.fit(bag(train_data[:3000]), np.asarray(train_labels[:3000], dtype="float32"), epochs=2, verbose=0)
    return model


def predict_reviews(model, reviews):
    return model.predict(bag(reviews), verbose=0, batch_size=2048).ravel()
