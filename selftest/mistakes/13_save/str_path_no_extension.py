"""A str path built by hand, without the extension: os.path.join(out_dir, "model") (ValueError)."""

import os

import keras

EXPECT = "known.save_extension"
CHECKS = "saved_file or reloaded_model"


def save_and_reload(model, out_dir):
    path = os.path.join(str(out_dir), "model")
    keras.saving.save_model(model, path)
    return keras.models.load_model(path)
