"""Padded, then the batch axis dropped ([0]): predict is given a 1-D row of 256 ids."""

import importlib.util
from pathlib import Path

import keras

EXPECT = "known.no_batch"
CHECKS = "review"

# the rest of the step is the reference solution's
_spec = importlib.util.spec_from_file_location("_predict_solution", Path(__file__).parents[3] / "solutions" / "11_predict.py")
_solution = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_solution)
encode_review = _solution.encode_review


def predict_sentiment(model, text, word_index):
    row = keras.utils.pad_sequences([encode_review(text, word_index)], maxlen=256, padding="post")[0]
    return float(model.predict(row, verbose=0)[0][0])
