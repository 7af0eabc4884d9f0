"""Step 9 · evaluate: checks for exercises/09_evaluate.py (evaluate_model).

The learner's function gets the kata's trained reference model (the judge's own training, stored once
per machine; its weights are loaded in the learner process) and the padded test reviews. The model
tells the judge how `evaluate` is called (a SpyModel: the call's arguments, described before it runs), so
a call that is not the post's is named by its knob (the data, the labels, steps, return_dict) and stopped
before it runs. The expected numbers are the judge's own evaluation of the same weights.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from kata.judge.checking import PostModel, expect, fail, is_number, show
from kata.judge.knobs import Code, Knob, compare, knob_feedback
from kata.i18n import decimal, t

JUDGE_IMPORTS = ("keras",)  # the judge reads models itself: imported while the learner process starts

TOLERANCE = 1e-3
MIN_ACCURACY = 0.85
TRAINING = ("train_data", "partial_x_train", "train_labels", "partial_y_train")
VALIDATION = ("x_val", "y_val")

# The post's model.evaluate(test_data, test_labels), knob by knob, read from the call as the model hears it.
KNOBS = [
    Knob("x", Code("test_data"), (Code("test_labels"),), call="evaluate", arg=0),
    Knob("y", Code("test_labels"), (Code("test_data"),), call="evaluate", arg=1),
    Knob("steps", None, (1,), call="evaluate", arg="steps"),
    Knob("return_dict", False, (True,), call="evaluate", arg="return_dict"),
]


@pytest.fixture(scope="module")
def evaluated(learner, ref, live):
    """(what evaluate_model returned, the data of each model.evaluate call, the reference [loss, accuracy])."""
    learner.function("evaluate_model")  # an untouched stub is "not started" before the model is loaded
    expected = ref.test_results()  # the judge's own evaluation of the reference model
    calls = []

    def on_event(name, data, call):
        if name == "fit":  # stop before the trained model changes
            fail("trains_again", got=t("evaluate.words.fit_inside"), expected="model.evaluate(test_data, test_labels)")
        if name == "evaluate":
            x, y = ref.which(data.get("x")), ref.which(data.get("y"))
            _diagnose(x, y, data)
            calls.append((x, y))

    (_, _), (test_data, test_labels) = ref.padded()
    live.note("evaluating", rows=len(test_data))
    result = learner.run("evaluate_model", [PostModel(trained=True, spy=True), test_data, test_labels], on_event=on_event)
    return result.value, calls, expected, result.output


def _diagnose(x: str, y: str, data: dict) -> None:
    """A call of model.evaluate that is not the post's, named by its knobs: which of the known arrays are the
    reviews and the labels (an array the judge does not know is left to the checks below), steps, return_dict."""
    settings = {"steps": data.get("steps"), "return_dict": data.get("return_dict")}
    known = {"x": x, "y": y}
    settings.update({k: Code(v) for k, v in known.items() if not v.startswith("other") and v != "None"})
    change = compare(KNOBS, settings)
    if change is None:
        return
    kinds = (("training", TRAINING), ("validation", VALIDATION), ("swapped", ("test_labels",)))
    why = next((t(f"evaluate.data_why.{kind}") + " " for kind, names in kinds if x in names), "")
    raise knob_feedback(change, "evaluate", what=t("evaluate.knob_what.checked"), why=why)


def _close(a, b) -> bool:
    return math.isclose(float(a), float(b), abs_tol=TOLERANCE)


def _printed(output: str, loss: float, accuracy: float) -> bool:
    """The learner's output shows the two numbers (as print(model.evaluate(...)) prints them)."""
    import re

    numbers = [float(x) for x in re.findall(r"\d+\.\d+", output)]
    return any(_close(a, loss) for a in numbers) and any(_close(b, accuracy) for b in numbers)


def _pair(evaluated):
    """The learner's [loss, accuracy] as two floats, or the message for what it is instead."""
    result, _, (loss, accuracy), output = evaluated
    wanted = t("evaluate.words.wanted", loss=round(loss, 4), accuracy=round(accuracy, 4))
    if result is None:
        if _printed(output, loss, accuracy):
            fail("printed", got="None", expected=wanted)
        fail("no_return", got="None", expected=wanted)
    if isinstance(result, str) or (isinstance(result, (list, tuple)) and any(isinstance(v, str) for v in result)):
        fail("strings", got=show(result), expected=wanted)
    if is_number(result):
        if _close(result, accuracy):
            fail("only_accuracy", got=result, expected=wanted)
        fail("not_pair", got=result, expected=wanted)
    if isinstance(result, dict):
        fail("returned_dict", got=result, expected=wanted)
    try:
        values = [float(v) for v in np.ravel(np.asarray(result, dtype=float))]
    except (TypeError, ValueError):
        fail("not_pair", got=show(result), expected=wanted)
    if len(values) != 2:
        fail("not_pair", got=show(result), expected=wanted)
    if not all(is_number(v) for v in values):
        fail("nan", got=show(result), expected=wanted)
    return values


def _ordered(evaluated):
    """The learner's (loss, accuracy), failing when they come as [accuracy, loss]."""
    got_loss, got_accuracy = _pair(evaluated)
    _, _, (loss, accuracy), _ = evaluated
    if _close(got_loss, accuracy) and _close(got_accuracy, loss):
        fail("wrong_order", got=[round(got_loss, 4), round(got_accuracy, 4)], expected=[round(loss, 4), round(accuracy, 4)])
    return got_loss, got_accuracy


def test_returns_loss_and_accuracy(evaluated, seen):
    """evaluate_model() returns two numbers, [loss, accuracy], in that order."""
    loss, accuracy = _ordered(evaluated)
    seen.add({"loss": float(loss), "accuracy": float(accuracy)})


def test_evaluates_on_test_set(evaluated):
    """The model is evaluated on the 25,000 test reviews and their labels, not on training data."""
    _, calls, _, _ = evaluated
    for x, y in calls:
        expect((x, y) == ("test_data", "test_labels"), "not_test_set", got=f"model.evaluate({x}, {y})",
               expected="model.evaluate(test_data, test_labels)")


def test_matches_reference(evaluated):
    """Loss and accuracy match the kata's own evaluation of the same model on the test set (within 0.001)."""
    got_loss, got_accuracy = _ordered(evaluated)
    _, _, (loss, accuracy), _ = evaluated
    got, want = [round(got_loss, 4), round(got_accuracy, 4)], [round(loss, 4), round(accuracy, 4)]
    expect(_close(got_loss, loss) and _close(got_accuracy, accuracy), "values_differ", got=got, expected=want)


def test_accuracy_above_threshold(evaluated):
    """Test accuracy is above 0.85 (the post: 0.872)."""
    _, got_accuracy = _ordered(evaluated)
    expect(got_accuracy > MIN_ACCURACY, "accuracy_low", got=decimal(f"{got_accuracy:.4f}"), expected=f"> {decimal(str(MIN_ACCURACY))}",
           value=round(got_accuracy, 4))
