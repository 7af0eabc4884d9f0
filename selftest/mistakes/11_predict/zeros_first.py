"""Padded by hand with the zeros in front of the words (NumPy): padding='pre' by another spelling."""

import importlib.util
from pathlib import Path

import keras

import numpy as np

EXPECT = "predict.knob.padding"
CHECKS = "padding"

# the rest of the step is the reference solution's
_spec = importlib.util.spec_from_file_location("_predict_solution", Path(__file__).parents[3] / "solutions" / "11_predict.py")
_solution = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_solution)
encode_review = _solution.encode_review


def predict_sentiment(model, text, word_index):
    ids = encode_review(text, word_index)[-256:]
    x = np.zeros((1, 256), dtype="int32")
    x[0, 256 - len(ids):] = ids
    return float(np.asarray(model(x))[0, 0])
