"""Step 14's reference data: every word of the reviews, and a data folder without the test labels (what the
learner processes of step 14 see)."""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

import numpy as np

from kata.judge.oracle.data import _plausible, data_digest
from kata.shared import cache

@lru_cache(maxsize=None)
def full_data():
    """`(x_train, y_train), (x_test, y_test)` with every word (`load_data()` without num_words), ragged."""
    from kata.shared import imdb

    result = imdb.load_data()
    if not _plausible(result, num_words=None):
        raise imdb.DataError("The IMDB data the kata reads does not have 25,000 training and 25,000 test reviews "
                             "with labels 0 and 1: replace imdb.npz with a good copy (KATA_DATA_DIR).")
    return result


def hidden_labels_dir() -> Path:
    """A data folder like KATA_DATA_DIR's, without the test labels (every y_test is -1): what the learner
    process of step 14 sees, so that no code of the learner's can train or tune on the test set."""
    import shutil

    from kata.shared import imdb

    source = imdb.data_file("imdb.npz", "")
    folder = cache.folder("judge") / f"hidden-labels-{data_digest()}"
    target = folder / "imdb.npz"
    if target.is_file() and (folder / "imdb_word_index.json").is_file():
        return folder
    with np.load(source, allow_pickle=True) as f:  # the kata's own data file, not the learner's
        arrays = {name: f[name] for name in ("x_train", "y_train", "x_test", "y_test")}
    arrays["y_test"] = np.full(len(arrays["y_test"]), -1, dtype=arrays["y_test"].dtype)
    folder.mkdir(parents=True, exist_ok=True)
    partial = folder / f".{os.getpid()}-imdb.npz"
    np.savez(partial, **arrays)
    os.replace(partial, target)
    shutil.copyfile(imdb.data_file("imdb_word_index.json", ""), folder / "imdb_word_index.json")
    return folder
