"""Cut by hand to the first 256 ids (ids[:256]) before padding: truncating='post' by another spelling."""

import importlib.util
from pathlib import Path

import keras

import numpy as np

EXPECT = "predict.knob.truncating"
CHECKS = "review"

# the rest of the step is the reference solution's
_spec = importlib.util.spec_from_file_location("_predict_solution", Path(__file__).parents[3] / "solutions" / "11_predict.py")
_solution = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_solution)
encode_review = _solution.encode_review


def predict_sentiment(model, text, word_index):
    ids = encode_review(text, word_index)[:256]
    x = keras.utils.pad_sequences([ids], maxlen=256, padding="post")
    return float(model.predict(x, verbose=0)[0][0])
