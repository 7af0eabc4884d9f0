"""Step 8 · train: checks for exercises/08_train.py (train, final_val_accuracy).

The learner's train() runs in a learner process with a fresh compiled model of the post (a `SpyModel`,
seeded with the run's seed) and the reference split, and trains as written. The model reports each `fit`
call to the judge before it runs: its data and settings are read from it knob by knob (KNOBS, the post's
call), so a wrong setting (epochs, batch size, validation data ...) fails at once, named, instead of after 40
epochs; an EarlyStopping is judged by what it would do to the judge's own training of the same model.

The verdict rests on what the judge establishes itself: the trained weights come back (a `.keras` file); the
judge evaluates them on the validation reviews with NumPy, and finds which epoch of its own training of the
same model, with the same seed, they are (kata.judge.oracle: the trajectory of the reference training). They
must be epoch 40's, and the History that came back must be that training's. What the learner process reports
of the fit call may shape a message, never a pass.
"""

from __future__ import annotations

import math

import pytest

from kata.i18n import t
from kata.judge.checking import HistoryInput, expect, fail, is_number, show
from kata.judge.fitting import (check_data, describe_call, fit_knobs, history_agrees, returns_nothing, settings,
                                stopper_code, stoppers, stopping, stored_already, train_once)
from kata.judge.knobs import Change, Code, Knob, compare, knob_feedback
from kata.judge.views import HistoryView


EPOCHS = 40
BATCH_SIZE = 512
MIN_VAL_ACCURACY = 0.85
# The judge's evaluation of the returned weights and the History's last val_accuracy, as Keras computes
# both: measured equal to the last digit on the reference training (0.8861 and 0.8861). The tolerance
# only absorbs float summation order; a History made up by hand is off by far more.
TOLERANCE = 0.002


EXPECTED_CALL = "model.fit(partial_x_train, partial_y_train, epochs=40, batch_size=512, validation_data=(x_val, y_val))"

# The post's fit call, knob by knob; the post passes no callbacks (an EarlyStopping is named when it changes the
# training: it would stop it, or keep other weights than the 40th epoch's).
CALLBACKS = Knob("callbacks", None, (Code("[keras.callbacks.EarlyStopping(patience=3, restore_best_weights=True)]"),),
                 call="fit", arg="callbacks")
KNOBS = [*fit_knobs(), CALLBACKS]


def _named(change: Change, call: dict, **values):
    return knob_feedback(change, "train", what=t("train.knob_what.checked"), template="train.knob_call",
                         got=describe_call(call), expected=EXPECTED_CALL, **values)


def _judge(call: dict, ref) -> None:
    """Fail with the message of the first thing wrong in one fit call: the data, then the settings knob by knob
    (read from the call: no training), then what an EarlyStopping would do to the judge's own training."""
    check_data(call, EXPECTED_CALL)
    epochs, batch = call["epochs"], call["batch_size"]
    if (epochs, batch) == (BATCH_SIZE, EPOCHS):  # model.fit(x, y, 40, 512): the 3rd parameter is batch_size
        fail("epochs_batch_swapped", got=f"epochs={epochs}, batch_size={batch}", expected=f"epochs={EPOCHS}, batch_size={BATCH_SIZE}")
    if not isinstance(epochs, int) or isinstance(epochs, bool):
        fail("epochs_type", got=f"epochs={epochs!r}", expected=f"epochs={EPOCHS}")
    change = compare(KNOBS, settings(call))
    if change is not None:
        raise _named(change, call)
    for stop in stoppers(call):
        outcome = stopping(ref.reference_record()["history"], stop, epochs)
        if outcome is not None and (outcome["ran"], outcome["kept"]) != (EPOCHS, EPOCHS):
            said = Code("[" + ", ".join(stopper_code(s) for s in stoppers(call)) + "]")
            raise _named(Change(((CALLBACKS, said),)), call, ran=outcome["ran"], kept=outcome["kept"])



# --- the training ---------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def run(learner, ref, live, seen):
    """The learner's training: the fit calls as reported, what train() returned, the trained model
    (loaded by the judge), the model's own History, and the judge's evaluation of its weights."""
    node = learner.function("train")  # an untouched stub is "not started" before TensorFlow is even imported
    if returns_nothing(node):
        live.note("train_no_return")  # said before training; the checks below say it again

    def on_fit(data, call):
        if stored_already(data.get("$key")):  # the learner process reads its stored training: no epochs follow
            live.note("stored_fit", function="train")
        else:
            live.note("training", epochs=EPOCHS, rows=len(ref.split()[0][0]))
        return {"action": "train"}

    with live.showing(ref):  # the kata's own training, compared with (once per machine and seed): its epochs shown
        out = train_once(learner, ref, "train", lambda call: _judge(call, ref), on_fit, step="train")
    out["record"] = ref.reference_record() if out["calls"] else {}
    _SHOWN.clear()
    _SHOWN.update(history=_lists(out["history"]))
    seen.add(lambda: {"history": _SHOWN["history"]} if _SHOWN["history"] else {})
    return out


_SHOWN: dict = {}  # the training's curves, for the learner to see (and step 10 to plot) once the step passes
CURVES = ("loss", "accuracy", "val_loss", "val_accuracy")


def _lists(history) -> dict | None:
    """The four curves of a History.history as lists of floats (what the learner is shown), or None."""
    try:
        out = {k: [float(v) for v in history[k]] for k in CURVES}
    except (KeyError, TypeError, ValueError):
        return None
    lengths = {len(v) for v in out.values()}
    return out if len(lengths) == 1 and 0 < min(lengths) <= 1000 and all(map(is_number, sum(out.values(), []))) else None


def after_pass(learner, seen):
    """Step 10 plots this training with the learner's own plot_history (kept for this target)."""
    if _SHOWN.get("history"):
        seen.keep("history", _SHOWN["history"])


def _trained(run) -> dict:
    """The History of the training, after checking that the judge's evaluation of the weights confirms it."""
    if not run["calls"]:
        fail("not_fitted", got="model.fit was not called", expected=EXPECTED_CALL)
    evaluation = run["evaluation"]
    if evaluation is None or evaluation.get("error"):
        fail("model_changed", got=(evaluation or {}).get("error") or "no model", expected="the model train() was given, trained")
    accuracy = evaluation["accuracy"]
    history = run["history"]
    if history is None:
        fail("no_history", got=show(run["returned"]), expected="the History that model.fit returns")
    values = history.get("val_accuracy")
    if not values:
        fail("no_val_accuracy", got=f"history.history keys: {sorted(map(str, history))}", expected="a 'val_accuracy' key")
    last = values[-1]
    if is_number(last) and not math.isclose(float(last), accuracy, abs_tol=TOLERANCE):
        fail("history_mismatch", got=f"history.history['val_accuracy'][-1] = {float(last):.4f}",
             expected=f"{accuracy:.4f}, the validation accuracy the kata measures with the weights the model ended with")
    _the_training(run, history)
    return history


def _the_training(run, history) -> None:
    """The weights are the judge's own post training's after 40 epochs, and the History is that training's: what
    the learner process said of its fit call shaped the messages above, never this."""
    epoch = run["epoch"]
    if epoch is None:
        fail("not_the_training", got="weights of no epoch of the post's training of this model", expected=EXPECTED_CALL)
    if epoch != EPOCHS:
        fail("other_epochs", got=f"the post's training after {epoch} epochs", expected=f"after {EPOCHS} epochs", epochs=epoch)
    if not history_agrees(history, EPOCHS, run["record"]):
        fail("history_differs", got=f"history.history['val_loss'][-1] = {show(history.get('val_loss', [None])[-1])}",
             expected=f"{run['record']['history']['val_loss'][-1]:.4f}, the kata's own training's")


# --- train() -------------------------------------------------------------------------------------

def test_fit_arguments(run, ref):
    """train() calls model.fit once: partial_x_train/partial_y_train, 40 epochs, batches of 512, validation on (x_val, y_val)."""
    _trained(run)
    for call in run["calls"]:
        _judge(call, ref)


def test_returns_history(run):
    """train() returns the History object that model.fit gives."""
    returned = run["returned"]
    if returned is None:
        fail("no_return", got="None", expected="the History that model.fit returns")
    if isinstance(returned, dict):
        fail("returned_dict", got=show(returned), expected="the History object itself (history, not history.history)")
    expect(isinstance(returned, HistoryView) and 0 in returned.of_argument, "not_history", got=show(returned),
           expected="the History that model.fit returns")
    _trained(run)


def test_all_epochs(run):
    """The training ran all 40 epochs: history.params and one value per epoch in history.history."""
    history = _trained(run)
    source = run["returned"] if isinstance(run["returned"], HistoryView) else run["own"]
    epochs = (source.params or {}).get("epochs") if source is not None and isinstance(source.params, dict) else None
    expect(epochs == EPOCHS, "params_epochs", got=f"history.params['epochs'] = {epochs}", expected=EPOCHS)
    done = len(history.get("loss", []))
    expect(done == EPOCHS, "stopped_early", got=f"{done} epochs recorded", expected=f"{EPOCHS} epochs", done=done)


def test_validation_accuracy(run):
    """After the last epoch the validation accuracy, measured by the kata on the returned weights, is above 0.85 (the post: about 0.88)."""
    _trained(run)
    accuracy = run["evaluation"]["accuracy"]
    expect(is_number(accuracy), "val_accuracy_nan", got=accuracy, expected=f"> {MIN_VAL_ACCURACY}")
    expect(accuracy > MIN_VAL_ACCURACY, "val_accuracy_low", got=round(accuracy, 4), expected=f"> {MIN_VAL_ACCURACY}",
           value=round(accuracy, 4))


# --- final_val_accuracy() ------------------------------------------------------------------------

# Made-up histories: every measure ends on its own value, and the last validation accuracy is
# neither the first nor the best one, so each usual slip gives a number of its own.
HISTORIES = (
    {"loss": [0.69, 0.52, 0.35, 0.29], "accuracy": [0.61, 0.79, 0.90, 0.93],
     "val_loss": [0.68, 0.50, 0.33, 0.31], "val_accuracy": [0.64, 0.80, 0.884, 0.877]},
    {"loss": [0.66, 0.41, 0.30], "accuracy": [0.70, 0.86, 0.91],
     "val_loss": [0.62, 0.45, 0.36], "val_accuracy": [0.72, 0.861, 0.853]},
)


def _same(a, b) -> bool:
    return math.isclose(float(a), float(b), rel_tol=1e-6, abs_tol=1e-9)


def test_final_val_accuracy(learner):
    """final_val_accuracy() returns the last epoch's validation accuracy from history.history (a number)."""
    learner.function("final_val_accuracy")  # an untouched stub is "not started" before Keras is even imported
    for values in HISTORIES:
        history = HistoryInput(values, {"verbose": 0, "epochs": len(values["loss"]), "steps": 30})
        result = learner.call("final_val_accuracy", history)
        last = values["val_accuracy"][-1]
        if not is_number(result):
            fail("not_number", got=result, expected=last)
        for key, wrong in (("val_loss", values["val_loss"][-1]), ("train_accuracy", values["accuracy"][-1]),
                           ("best_epoch", max(values["val_accuracy"])), ("first_epoch", values["val_accuracy"][0])):
            expect(not _same(result, wrong), key, got=result, expected=last)
        expect(_same(result, last), "final_value", got=result, expected=last)

