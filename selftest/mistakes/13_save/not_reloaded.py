"""Saved, but the model it was given is returned: nothing shows the file loads again."""

EXPECT = "save.not_reloaded"
CHECKS = "reloaded_model"


def save_and_reload(model, out_dir):
    model.save(out_dir / "imdb.keras")
    return model
