"""1 - p returned: the probability of a negative review."""
import importlib.util
from pathlib import Path

import keras
import numpy as np

EXPECT = "predict.probability"
CHECKS = "review"  # a predict_sentiment mistake: only its checks

# the rest of the step is the reference solution's
_spec = importlib.util.spec_from_file_location("_predict_solution", Path(__file__).parents[3] / "solutions" / "11_predict.py")
_solution = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_solution)
encode_review = _solution.encode_review


def predict_sentiment(model, text, word_index):
    x = keras.utils.pad_sequences([encode_review(text, word_index)], maxlen=256, padding="post")
    return 1 - float(model.predict(x, verbose=0)[0, 0])
