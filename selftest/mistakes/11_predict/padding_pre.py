"""pad_sequences with its default padding='pre': the post's model averages every position and cannot tell, a model reading in order can."""

import importlib.util
from pathlib import Path

import keras



EXPECT = "predict.knob.padding"
CHECKS = "padding"

# the rest of the step is the reference solution's
_spec = importlib.util.spec_from_file_location("_predict_solution", Path(__file__).parents[3] / "solutions" / "11_predict.py")
_solution = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_solution)
encode_review = _solution.encode_review


def predict_sentiment(model, text, word_index):
    x = keras.utils.pad_sequences([encode_review(text, word_index)], maxlen=256, value=0)
    return float(model.predict(x, verbose=0)[0, 0])
