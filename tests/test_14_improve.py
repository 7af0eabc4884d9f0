"""Step 14 · improve: checks for exercises/14_improve.py (improve, predict_reviews).

The learner's improve() trains a model of their own in a learner process, on the training reviews with
every word. That process (and the next one) sees a data folder without the test labels (in the strict
sandbox of `make grade`, nothing else; see Learner.run's data_dir). The model comes back as a `.keras`
file the judge never loads: a new learner process loads it for predict_reviews() on the 25,000 test
reviews, and the judge counts the right answers itself against the labels it alone holds.

With KATA_PRIVATE_REVIEWS (an instructor's own labelled reviews, which no one has published: the IMDB test labels
are public, and a copy could carry them), the same model also predicts those reviews, encoded by the judge as
load_data() encodes reviews; the step is then graded on them, the public accuracy beside it, and a public
accuracy too far above the private one (a two-proportion z-test, kata.judge.oracle.private) is flagged for the
instructor. The marks of kata/steps.toml (0.90, 0.91) are on the accuracy the step is graded on.
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
REFERENCE = 0.9160  # solutions/14_improve.py, as these checks measure it (README: 24-44 s of improve() on 2 cores)
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
    result = learner.run("improve", [x_train, y_train], models="own_code", data_dir=hidden, limits=limits(), stored=True)
    seconds = result.seconds or time.monotonic() - start  # a stored call: the seconds it took when it ran
    model = result.value
    if not isinstance(model, ModelFile):
        fail("not_a_model", got=show(model), expected="the trained keras model")
    return model, seconds


def _probabilities(learner, ref, model, reviews) -> np.ndarray:
    """The learner's predict_reviews on reviews, in a new learner process that loads the model file, as a flat
    float array (after checking it: one probability per review)."""
    value = learner.run("predict_reviews", [ModelInput(model), reviews], data_dir=ref.hidden_labels_dir(),
                        limits=limits(), stored=True).value
    try:
        probs = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        fail("not_numbers", got=show(value), expected=f"{len(reviews):,} probabilities")
    if probs.ndim == 2 and probs.shape[1] == 1:
        probs = probs[:, 0]
    expect(probs.shape == (len(reviews),), "shape", got=f"shape {probs.shape}", expected=f"shape ({len(reviews)},)")
    expect(bool(np.all(np.isfinite(probs))), "not_finite", got=show(probs[~np.isfinite(probs)][:5]), expected="0 <= p <= 1")
    expect(bool(np.all((probs >= 0) & (probs <= 1))), "not_probabilities",
           got=f"from {probs.min():.3f} to {probs.max():.3f}", expected="0 <= p <= 1")
    labels = (probs == 0) | (probs == 1)  # a sigmoid gives exactly 0 or 1 for a few reviews at most, never for all
    expect(not (len(probs) >= 100 and bool(np.all(labels))), "labels", got=show(probs[:8]),
           expected="probabilities such as 0.93, 0.12 (the model's output)")
    return probs


@pytest.fixture(scope="module")
def predicted(learner, ref, trained, live):
    """The learner's probabilities for the 25,000 test reviews, as a flat float array (after checking them)."""
    learner.function("predict_reviews")
    _, (x_test, _) = ref.full_data()
    live.note("predicting", rows=len(x_test))
    return _probabilities(learner, ref, trained[0], x_test)


@pytest.fixture(scope="module")
def private(learner, ref, trained, predicted, live):
    """(the learner's probabilities, the labels) for the instructor's private reviews (KATA_PRIVATE_REVIEWS), or
    None without them."""
    reviews = ref.private_reviews()
    if reviews is None:
        return None
    x, y = reviews
    live.note("predicting_private", rows=len(x))
    return _probabilities(learner, ref, trained[0], x), np.asarray(y)


def _right(probs, labels) -> float:
    return float(np.mean((probs > 0.5) == (np.asarray(labels) == 1)))


@pytest.fixture(scope="module")
def accuracy(ref, predicted, private, trained, seen):
    """The accuracy the step is graded on: on the private reviews when there are some, else on the test reviews."""
    _, (_, y_test) = ref.full_data()
    public = _right(predicted, y_test)
    values = {"accuracy": public, "public_accuracy": public, "seconds": round(trained[1]), "post": POST,
              "reference": REFERENCE}
    if private is not None:
        value, n = _right(*private), len(private[1])
        z = ref.public_gap_z(public, len(y_test), value, n)
        values.update(accuracy=value, private_accuracy=value, private_reviews=n, public_gap_z=round(z, 2))
        if z > ref.Z_FLAG:  # for the instructor's eyes (grades.csv, results.json flags), not a verdict
            values["flag"] = (f"step 14: public test accuracy {public:.4f} above the private {value:.4f} on {n} reviews "
                              f"(z = {z:.1f} > {ref.Z_FLAG}): trained or tuned on the published test labels?")
    seen.add(values)
    seen.add(lambda: {"probe": probe_of(predicted)})  # for the instructor's similar.md (never a verdict)
    return values["accuracy"]


def test_returns_a_trained_model(trained):
    """improve() returns a Keras model (saved for the next process as a .keras file)."""


def test_predicts_probabilities(predicted):
    """predict_reviews() gives one probability between 0 and 1 for each of the 25,000 test reviews."""


def test_beats_the_post(accuracy, predicted, private):
    """On the 25,000 test reviews (labels the learner's code never sees; or the instructor's private reviews), the kata counts at least 88 % right (the post: 87.2 %)."""
    probs = predicted if private is None else private[0]
    where = "" if private is None else f" ({len(probs)} private reviews)"
    if accuracy < 0.6 and 1 - accuracy >= TARGET:
        fail("inverted", got=f"{accuracy:.4f}{where}", expected=f">= {TARGET}", flipped=f"{1 - accuracy:.4f}")
    if accuracy < 0.55 and (np.std(probs) < 1e-3):
        fail("constant", got=f"every probability about {float(np.mean(probs)):.3f}", expected=f">= {TARGET}")
    expect(accuracy >= TARGET, "below", got=f"{accuracy:.4f}{where}", expected=f">= {TARGET}", accuracy=f"{accuracy:.4f}")
