"""model.save_weights: only the weights are written (no layers, no .keras file); the given model is returned."""

EXPECT = "save.weights_only"
CHECKS = "saved_file"


def save_and_reload(model, out_dir):
    model.save_weights(out_dir / "imdb.weights.h5")
    return model
