"""truncating='post': a long review keeps its first 256 ids, not its last as the training reviews did."""

import importlib.util
from pathlib import Path

import keras



EXPECT = "predict.knob.truncating"
CHECKS = "review"

# the rest of the step is the reference solution's
_spec = importlib.util.spec_from_file_location("_predict_solution", Path(__file__).parents[3] / "solutions" / "11_predict.py")
_solution = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_solution)
encode_review = _solution.encode_review


def predict_sentiment(model, text, word_index):
    x = keras.utils.pad_sequences([encode_review(text, word_index)], maxlen=256, padding="post", truncating="post")
    return float(model.predict(x, verbose=0)[0, 0])
