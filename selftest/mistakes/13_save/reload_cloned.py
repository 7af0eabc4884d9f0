"""The loaded model copied with keras.models.clone_model before it is returned: the copy has new random weights."""

import keras

EXPECT = "save.reloaded_predictions"
CHECKS = "reloaded_model"


def save_and_reload(model, out_dir):
    model.save(out_dir / "imdb.keras")
    return keras.models.clone_model(keras.saving.load_model(out_dir / "imdb.keras"))
