"""keras.saving.save_model and keras.models.load_model, a str path built with os.path, another file name."""
import os

import keras


def save_and_reload(model, out_dir):
    path = os.path.join(str(out_dir), "sentiment_model.keras")
    keras.saving.save_model(model, path)
    return keras.models.load_model(path)
