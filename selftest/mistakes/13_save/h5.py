"""The legacy HDF5 format: model.save("imdb.h5") instead of a .keras file."""

import keras

EXPECT = "save.h5"
CHECKS = "saved_file"


def save_and_reload(model, out_dir):
    model.save(out_dir / "imdb.h5")
    return keras.saving.load_model(out_dir / "imdb.h5")
