"""Saved to out_dir / "imdb", a name without .keras: Keras 3 refuses to guess the format (ValueError)."""

import keras

EXPECT = "known.save_extension"
CHECKS = "saved_file or reloaded_model"


def save_and_reload(model, out_dir):
    path = out_dir / "imdb"
    model.save(path)
    return keras.saving.load_model(path)
