"""Saved and loaded again, but the `return` is missing."""

import keras

EXPECT = "save.no_return"
CHECKS = "reloaded_model"


def save_and_reload(model, out_dir):
    model.save(out_dir / "imdb.keras")
    keras.saving.load_model(out_dir / "imdb.keras")
