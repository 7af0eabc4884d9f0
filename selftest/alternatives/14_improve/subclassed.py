"""A registered subclassed keras.Model: a linear model over every word (Embedding(..., 1) averaged)."""
import keras
import numpy as np

WORDS = 88587
LENGTH = 1000
HELD_OUT = 2500


@keras.saving.register_keras_serializable(package="mine")
class WordWeights(keras.Model):
    def __init__(self, words=WORDS, **kwargs):
        super().__init__(**kwargs)
        self.words = words
        self.embed = keras.layers.Embedding(words, 1, embeddings_initializer="zeros", mask_zero=True)
        self.pool = keras.layers.GlobalAveragePooling1D()
        self.out = keras.layers.Dense(1, activation="sigmoid")

    def call(self, ids):
        return self.out(self.pool(self.embed(ids)))

    def get_config(self):
        return {**super().get_config(), "words": self.words}


def _word_ids(reviews):
    x = np.zeros((len(reviews), LENGTH), dtype="int32")
    for i, review in enumerate(reviews):
        ids = np.unique(np.asarray(review, dtype="int64"))[:LENGTH]
        x[i, :len(ids)] = ids
    return x


def improve(train_data, train_labels):
    x, y = _word_ids(train_data), np.asarray(train_labels, dtype="float32")
    model = WordWeights()
    model.compile(optimizer=keras.optimizers.Adam(0.01), loss="binary_crossentropy", metrics=["accuracy"])
    stop = keras.callbacks.EarlyStopping(monitor="val_loss", patience=1, restore_best_weights=True)
    model.fit(x[HELD_OUT:], y[HELD_OUT:], epochs=20, batch_size=64, validation_data=(x[:HELD_OUT], y[:HELD_OUT]),
              callbacks=[stop], verbose=2)
    return model


def predict_reviews(model, reviews):
    return model.predict(_word_ids(reviews), verbose=0, batch_size=1024).ravel()
