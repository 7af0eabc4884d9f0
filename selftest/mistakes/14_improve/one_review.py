"""predict_reviews answers for the first review only (model.predict(...)[0])."""

import keras
import numpy as np

EXPECT = "improve.shape"


def bag(reviews):
    x = np.zeros((len(reviews), 500), dtype="float32")
    for i, review in enumerate(reviews):
        ids = np.asarray(review)
        x[i, ids[ids < 500]] = 1
    return x


def improve(train_data, train_labels):
    model = keras.Sequential([keras.Input((500,)), keras.layers.Dense(1, activation="sigmoid")])
    model.compile(optimizer="adam", loss="binary_crossentropy")
    model.fit(bag(train_data[:2000]), np.asarray(train_labels[:2000], dtype="float32"), epochs=1, verbose=0)
    return model


def predict_reviews(model, reviews):
    return model.predict(bag(reviews[:1]), verbose=0)[0]
