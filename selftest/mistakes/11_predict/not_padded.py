"""The ids not padded to 256: the model averages over the review's words only."""
import importlib.util
from pathlib import Path

import keras
import numpy as np

EXPECT = "predict.knob.maxlen"
CHECKS = "review"  # a predict_sentiment mistake: only its checks

# the rest of the step is the reference solution's
_spec = importlib.util.spec_from_file_location("_predict_solution", Path(__file__).parents[3] / "solutions" / "11_predict.py")
_solution = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_solution)
encode_review = _solution.encode_review


def predict_sentiment(model, text, word_index):
    x = np.array([encode_review(text, word_index)])
    return float(model.predict(x, verbose=0)[0, 0])
