"""Step 8 · train: checks for exercises/08_train.py (train, final_val_accuracy).

The learner's train() gets a fresh compiled reference model (a `SpyModel`) and the reference split.
The model tells the checks how `fit` is called before it runs, so wrong settings (epochs, batch size,
data, validation) fail at once instead of after 40 epochs.

A finished training is cached (kata.cache) under a key of everything it depends on: the learner's
file, this check file, the kata package's code, the data file and the library versions. Any edit of
one of them trains again. The cached record holds what the checks need: the fit arguments (as data
names), what train() returned, history.params and history.history.
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest

from kata import cache
from kata.checking import expect, fail, is_number, show

EPOCHS = 40
BATCH_SIZE = 512
MIN_VAL_ACCURACY = 0.85


# --- which data did the learner pass? ------------------------------------------------------------

def _plain(value):
    """A JSON-able picture of a fit argument (numbers stay numbers)."""
    if isinstance(value, (bool, str, type(None))):
        return value
    if is_number(value) and float(value) == int(float(value)):
        return int(float(value))
    if is_number(value):
        return float(value)
    return show(value)


def _summarize(arguments: dict, ref) -> dict:
    """What the checks need to know about one `fit` call, as JSON-able data."""
    validation = arguments.get("validation_data")
    if validation is None:
        pair = None
    else:
        try:
            pair = [ref.which(validation[0]), ref.which(validation[1])]
        except (TypeError, IndexError, KeyError):
            pair = [f"other ({type(validation).__name__})", ""]
    return {
        "x": ref.which(arguments.get("x")),
        "y": ref.which(arguments.get("y")),
        "epochs": _plain(arguments.get("epochs")),
        "batch_size": _plain(arguments.get("batch_size")),
        "validation_data": pair,
        "validation_split": _plain(arguments.get("validation_split") or 0),
    }


EXPECTED_CALL = "model.fit(partial_x_train, partial_y_train, epochs=40, batch_size=512, validation_data=(x_val, y_val))"


def _judge(call: dict) -> None:
    """Fail with the message of the first thing wrong in one fit call (data first, then settings)."""
    x, y = call["x"], call["y"]
    if x == "test_data":
        fail("on_test_set", got=f"model.fit({x}, {y}, ...)", expected=EXPECTED_CALL)
    if x == "train_data":
        fail("full_train_set", got=f"model.fit({x}, {y}, ...)", expected=EXPECTED_CALL)
    if x != "partial_x_train":
        fail("train_data", got=f"x = {x}", expected="x = partial_x_train (15,000 reviews, shape (15000, 256))")
    if y != "partial_y_train":
        fail("labels", got=f"y = {y}", expected="y = partial_y_train")
    pair = call["validation_data"]
    if pair is None:
        if call["validation_split"]:
            fail("validation_split", got=f"validation_split={call['validation_split']}", expected="validation_data=(x_val, y_val)")
        fail("no_validation", got="no validation_data", expected="validation_data=(x_val, y_val)")
    if "test_data" in pair or "test_labels" in pair:
        fail("validation_on_test", got=f"validation_data=({pair[0]}, {pair[1]})", expected="validation_data=(x_val, y_val)")
    if pair != ["x_val", "y_val"]:
        fail("validation_data", got=f"validation_data=({pair[0]}, {pair[1]})", expected="validation_data=(x_val, y_val)")
    epochs, batch = call["epochs"], call["batch_size"]
    if (epochs, batch) == (BATCH_SIZE, EPOCHS):  # model.fit(x, y, 40, 512): the 3rd parameter is batch_size
        fail("epochs_batch_swapped", got=f"epochs={epochs}, batch_size={batch}", expected=f"epochs={EPOCHS}, batch_size={BATCH_SIZE}")
    if not isinstance(epochs, int) or isinstance(epochs, bool):
        fail("epochs_type", got=f"epochs={epochs!r}", expected=f"epochs={EPOCHS}")
    if epochs < EPOCHS:
        fail("too_few_epochs", got=f"epochs={epochs}", expected=f"epochs={EPOCHS}", epochs=epochs)
    if epochs > EPOCHS:
        fail("too_many_epochs", got=f"epochs={epochs}", expected=f"epochs={EPOCHS}", epochs=epochs)
    if batch != BATCH_SIZE:
        got = "batch_size not given (Keras then uses 32)" if batch is None else f"batch_size={batch!r}"
        fail("batch_size", got=got, expected=f"batch_size={BATCH_SIZE}")


# --- the training run, cached across runs --------------------------------------------------------

def _run_key(learner, ref) -> str:
    from kata.datasets.imdb import _data_file

    data = cache._digest(_data_file("imdb.npz", ""))
    return "train-" + cache.key(learner.digest(), Path(__file__).read_bytes(), cache.package_digest(), data, ref.versions())


def _history_record(history) -> tuple[dict, dict]:
    params = {str(k): _plain(v) for k, v in (history.params or {}).items()}
    values = {str(k): [float(v) for v in np.ravel(vs)] for k, vs in history.history.items()}
    return params, values


def _train(learner, ref) -> dict:
    import keras

    calls = []

    def watch(name, arguments):
        if name != "fit":
            return
        if calls:  # stop before a second training starts
            fail("fit_twice", got=f"model.fit called {len(calls) + 1} times", expected="model.fit called once")
        call = _summarize(arguments, ref)
        _judge(call)  # wrong settings stop here, before any training
        calls.append(call)

    model = ref.spy_model(watch=watch)
    (partial_x_train, partial_y_train), (x_val, y_val) = ref.split()
    try:  # copies: the learner's code cannot change the reference data by accident
        returned = learner.call("train", model, partial_x_train.copy(), partial_y_train.copy(), x_val.copy(), y_val.copy())
    finally:
        model.watch = None
    fitted = getattr(model, "history", None)  # Keras sets it to the History of the last fit
    if isinstance(returned, keras.callbacks.History) and returned is fitted:
        kind = "history"
    elif returned is None:
        kind = "none"
    elif isinstance(returned, dict):
        kind = "dict"
    else:
        kind = "other"
    record = {"fit_calls": calls, "returned": {"kind": kind, "show": show(returned)}, "params": None, "history": None}
    if calls and isinstance(fitted, keras.callbacks.History):
        record["params"], record["history"] = _history_record(fitted)
    return record


@pytest.fixture(scope="module")
def run(learner, ref):
    """The record of the learner's training: from the cache when nothing it depends on changed."""
    learner.function("train")  # an untouched stub is "not started" before TensorFlow is even imported
    name = _run_key(learner, ref)

    def train():
        record = _train(learner, ref)  # Feedback (not started, crash, wrong settings) is raised, never cached
        cache.put_json(name, record)
        return record

    return cache.made_once(name, lambda: cache.get_json(name), train)  # the same code checked twice at once trains once


def _fitted(run) -> dict:
    if not run["fit_calls"] or run["history"] is None:
        fail("not_fitted", got="model.fit was not called", expected=EXPECTED_CALL)
    return run["history"]


# --- train() -------------------------------------------------------------------------------------

def test_fit_arguments(run):
    """train() calls model.fit once: partial_x_train/partial_y_train, 40 epochs, batches of 512, validation on (x_val, y_val)."""
    _fitted(run)
    for call in run["fit_calls"]:
        _judge(call)


def test_returns_history(run):
    """train() returns the History object that model.fit gives."""
    kind, got = run["returned"]["kind"], run["returned"]["show"]
    if kind == "none":
        fail("no_return", got="None", expected="the History that model.fit returns")
    if kind == "dict":
        fail("returned_dict", got=got, expected="the History object itself (history, not history.history)")
    expect(kind == "history", "not_history", got=got, expected="the History that model.fit returns")


def test_all_epochs(run):
    """The training ran all 40 epochs: history.params and one value per epoch in history.history."""
    history = _fitted(run)
    epochs = (run["params"] or {}).get("epochs")
    expect(epochs == EPOCHS, "params_epochs", got=f"history.params['epochs'] = {epochs}", expected=EPOCHS)
    done = len(history.get("loss", []))
    expect(done == EPOCHS, "stopped_early", got=f"{done} epochs recorded", expected=f"{EPOCHS} epochs", done=done)


def test_validation_accuracy(run):
    """After the last epoch the validation accuracy is above 0.85 (the post: about 0.88)."""
    history = _fitted(run)
    values = history.get("val_accuracy")
    if not values:
        fail("no_val_accuracy", got=f"history.history keys: {sorted(history)}", expected="a 'val_accuracy' key")
    last = values[-1]
    expect(is_number(last), "val_accuracy_nan", got=last, expected=f"> {MIN_VAL_ACCURACY}")
    expect(last > MIN_VAL_ACCURACY, "val_accuracy_low", got=round(last, 4), expected=f"> {MIN_VAL_ACCURACY}",
           value=round(last, 4))


# --- final_val_accuracy() ------------------------------------------------------------------------

# Made-up histories: every measure ends on its own value, and the last validation accuracy is
# neither the first nor the best one, so each usual slip gives a number of its own.
HISTORIES = (
    {"loss": [0.69, 0.52, 0.35, 0.29], "accuracy": [0.61, 0.79, 0.90, 0.93],
     "val_loss": [0.68, 0.50, 0.33, 0.31], "val_accuracy": [0.64, 0.80, 0.884, 0.877]},
    {"loss": [0.66, 0.41, 0.30], "accuracy": [0.70, 0.86, 0.91],
     "val_loss": [0.62, 0.45, 0.36], "val_accuracy": [0.72, 0.861, 0.853]},
)


def _made_up_history(values: dict):
    import keras

    history = keras.callbacks.History()
    history.history = {k: list(v) for k, v in values.items()}
    history.params = {"verbose": 0, "epochs": len(values["loss"]), "steps": 30}
    return history


def _same(a, b) -> bool:
    return math.isclose(float(a), float(b), rel_tol=1e-6, abs_tol=1e-9)


def test_final_val_accuracy(learner):
    """final_val_accuracy() returns the last epoch's validation accuracy from history.history (a number)."""
    learner.function("final_val_accuracy")  # an untouched stub is "not started" before Keras is even imported
    for values in HISTORIES:
        result = learner.call("final_val_accuracy", _made_up_history(values))
        last = values["val_accuracy"][-1]
        if not is_number(result):
            fail("not_number", got=result, expected=last)
        for key, wrong in (("val_loss", values["val_loss"][-1]), ("train_accuracy", values["accuracy"][-1]),
                           ("best_epoch", max(values["val_accuracy"])), ("first_epoch", values["val_accuracy"][0])):
            expect(not _same(result, wrong), key, got=result, expected=last)
        expect(_same(result, last), "final_value", got=result, expected=last)
