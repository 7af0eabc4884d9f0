"""keras.models.clone_model copies the layers with new random weights: the file holds an untrained model."""

import keras

EXPECT = "save.file_predictions"
CHECKS = "saved_file"


def save_and_reload(model, out_dir):
    copy = keras.models.clone_model(model)
    copy.save(out_dir / "imdb.keras")
    return keras.saving.load_model(out_dir / "imdb.keras")
