"""One review alone given to predict, a 1-D array of ids: no batch axis (and no padding)."""

import importlib.util
from pathlib import Path

import numpy as np

EXPECT = "known.no_batch"
CHECKS = "review"

# the rest of the step is the reference solution's
_spec = importlib.util.spec_from_file_location("_predict_solution", Path(__file__).parents[3] / "solutions" / "11_predict.py")
_solution = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_solution)
encode_review = _solution.encode_review


def predict_sentiment(model, text, word_index):
    p = model.predict(np.array(encode_review(text, word_index)), verbose=0)
    return float(p[0][0])
