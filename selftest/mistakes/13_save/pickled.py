"""The weights written with pickle into a file named .keras: not the archive Keras writes."""

import pickle

EXPECT = "save.not_keras"
CHECKS = "saved_file"


def save_and_reload(model, out_dir):
    with open(out_dir / "imdb.keras", "wb") as f:
        pickle.dump(model.get_weights(), f)
    return model
