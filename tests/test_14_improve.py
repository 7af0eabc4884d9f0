"""Step 14 · improve: checks for exercises/14_improve.py (improve, predict_reviews).

The learner's improve() trains a model of their own in a learner process, on the training reviews with
every word. That process (and the next one) sees a data folder without the test labels (in the strict
sandbox of `make grade`, nothing else; see Learner.run's data_dir). The model comes back as a `.keras`
file the judge never loads: a new learner process loads it for predict_reviews() on the 25,000 test
reviews, and the judge counts the right answers itself against the labels it alone holds.
"""

from __future__ import annotations

import time

import numpy as np
import pytest

from kata.judge.checking import ModelInput, default_limits, expect, fail, show
from kata.judge.fingerprint import probe_of
from kata.judge.views import ModelFile

TARGET = 0.88  # the bar: clearly above the post's 0.872
POST = 0.872  # the post's test accuracy
REFERENCE = 0.8894  # solutions/14_improve.py, as these checks measure it (README: about a minute of training on 2 cores)
MEMORY_MB = 8192  # a bag of 20,000 words for 25,000 reviews is 1-2 GB, and Keras copies it once or twice


def limits() -> dict:
    return {"memory_mb": max(default_limits(1)["memory_mb"], MEMORY_MB)}


@pytest.fixture(scope="module")
def trained(learner, ref, live):
    """(the model file improve() returned, the seconds the call took)."""
    learner.function("improve")  # an untouched stub is "not started" before the data is even loaded
    (x_train, y_train), _ = ref.full_data()
    hidden = ref.hidden_labels_dir()
    live.note("improving")
    start = time.monotonic()
    result = learner.run("improve", [x_train, y_train], models="file", data_dir=hidden, limits=limits())
    seconds = time.monotonic() - start
    model = result.value
    if not isinstance(model, ModelFile):
        fail("not_a_model", got=show(model), expected="the trained keras model")
    return model, seconds


@pytest.fixture(scope="module")
def predicted(learner, ref, trained, live):
    """The learner's probabilities for the 25,000 test reviews, as a flat float array (after checking them)."""
    learner.function("predict_reviews")
    model, _ = trained
    _, (x_test, y_test) = ref.full_data()
    live.note("predicting", rows=len(x_test))
    value = learner.run("predict_reviews", [ModelInput(model), x_test], data_dir=ref.hidden_labels_dir(),
                        limits=limits()).value
    try:
        probs = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        fail("not_numbers", got=show(value), expected=f"{len(x_test):,} probabilities")
    if probs.ndim == 2 and probs.shape[1] == 1:
        probs = probs[:, 0]
    expect(probs.shape == (len(x_test),), "shape", got=f"shape {probs.shape}", expected=f"shape ({len(x_test)},)")
    expect(bool(np.all(np.isfinite(probs))), "not_finite", got=show(probs[~np.isfinite(probs)][:5]), expected="0 <= p <= 1")
    expect(bool(np.all((probs >= 0) & (probs <= 1))), "not_probabilities",
           got=f"from {probs.min():.3f} to {probs.max():.3f}", expected="0 <= p <= 1")
    return probs


@pytest.fixture(scope="module")
def accuracy(ref, predicted, trained, seen):
    _, (_, y_test) = ref.full_data()
    value = float(np.mean((predicted > 0.5) == (np.asarray(y_test) == 1)))
    seen.add({"accuracy": value, "seconds": round(trained[1]), "post": POST, "reference": REFERENCE})
    seen.add(lambda: {"probe": probe_of(predicted)})  # for the instructor's similar.md (never a verdict)
    return value


def test_returns_a_trained_model(trained):
    """improve() returns a Keras model (saved for the next process as a .keras file)."""


def test_predicts_probabilities(predicted):
    """predict_reviews() gives one probability between 0 and 1 for each of the 25,000 test reviews."""


def test_beats_the_post(accuracy, predicted):
    """On the 25,000 test reviews (labels the learner's code never sees), the kata counts at least 88 % right (the post: 87.2 %)."""
    if accuracy < 0.6 and 1 - accuracy >= TARGET:
        fail("inverted", got=f"{accuracy:.4f}", expected=f">= {TARGET}", flipped=f"{1 - accuracy:.4f}")
    if accuracy < 0.55 and (np.std(predicted) < 1e-3):
        fail("constant", got=f"every probability about {float(np.mean(predicted)):.3f}", expected=f">= {TARGET}")
    expect(accuracy >= TARGET, "below", got=f"{accuracy:.4f}", expected=f">= {TARGET}", accuracy=f"{accuracy:.4f}")
