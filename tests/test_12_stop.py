"""Step 12 · stop: checks for exercises/12_stop.py (train_early).

Like step 8, the learner's train_early() gets a fresh compiled model of the post and step 7's split in a
learner process; the fit call is reported before it runs and read knob by knob (KNOBS: the post's fit call and
its EarlyStopping), so wrong data or settings fail at once, named, before any training. What the step asks of the
callback is fixed (monitor='val_loss', a patience of a few epochs, restore_best_weights=True, at most 40 epochs);
the rest of its settings are judged by what they do: the judge runs the callback's rules over its own training of
the same model (a training that stops early is the 40-epoch training's first epochs), and names the setting that
makes it stop too late, or keep weights that are not the lowest val_loss's, before the learner's model trains.

After the training, the verdict rests on what the judge establishes itself: it evaluates the returned weights on
the validation reviews (NumPy) and finds which epoch of its own training of the same model, with the same seed,
they are. They must be the epoch of the lowest val_loss among the epochs that ran, the History must be that
training's, and the accuracy at least the post's 40-epoch training's.
"""

from __future__ import annotations

import ast

import pytest

from kata.i18n import t
from kata.judge.checking import expect, fail, is_number, show
from kata.judge.fitting import (check_data, describe_call, fit_knobs, history_agrees, returns_nothing, settings,
                                stopping, stored_already, train_once)
from kata.judge.knobs import Change, Knob, compare, knob_feedback
from kata.judge.views import HistoryView

MAX_EPOCHS = 40
BATCH_SIZE = 512
EXPECTED_CALL = ("model.fit(partial_x_train, partial_y_train, epochs=40, batch_size=512, validation_data=(x_val, y_val), "
                 "callbacks=[keras.callbacks.EarlyStopping(monitor='val_loss', patience=3, restore_best_weights=True)])")
STOPPER = "keras.callbacks.EarlyStopping(monitor='val_loss', patience=3, restore_best_weights=True)"
# The judge's loss of the returned weights and the History's lowest val_loss: equal to the 4th digit on the
# reference (0.2822 and 0.2822); the tolerance absorbs float summation order only.
LOSS_TOLERANCE = 0.002
# Restored best epoch against the 40-epoch training, measured here: 0.8863 against 0.8861 (patience 2, 3
# and 5 all restore epoch 28). A training that keeps its last weights, or stops on noise, can lose more.
ACCURACY_TOLERANCE = 0.005

# The post's EarlyStopping, knob by knob (its settings as Keras's signature names them).
STOPPING = [
    Knob("monitor", "val_loss", ("loss", "accuracy", "val_accuracy"), call="EarlyStopping", arg="monitor"),
    Knob("patience", 3, (0, 1, 15), call="EarlyStopping", arg="patience"),
    Knob("mode", "auto", ("max",), call="EarlyStopping", arg="mode"),
    Knob("restore_best_weights", True, (False,), call="EarlyStopping", arg="restore_best_weights"),
    Knob("min_delta", 0, (0.001, 0.01), call="EarlyStopping", arg="min_delta"),
    Knob("start_from_epoch", 0, (30,), call="EarlyStopping", arg="start_from_epoch"),
]
# Read and judged like the others, but not generated: on this seed's training (val_loss falls to its lowest and
# then rises), no baseline changes where the callback stops or which weights it keeps.
BASELINE = Knob("baseline", None, (), call="EarlyStopping", arg="baseline")
KNOBS = [*fit_knobs(), *STOPPING]
FIT = [k for k in KNOBS if k.call == "fit"]
CALLBACK = [*STOPPING, BASELINE]
JUDGED_BY_WHAT_THEY_DO = ("min_delta", "baseline", "start_from_epoch")


def _within_the_step(knob: Knob, value) -> bool:
    """A setting other than the post's that the step still allows (what it does is judged next): more epochs (the
    callback stops the training before 40), mode 'min' (what 'auto' means for a loss), a patience of a few epochs
    (0 and 1 both stop at the first epoch that is not a new best), and the settings the step says nothing of."""
    if knob.name == "epochs":
        return isinstance(value, int) and not isinstance(value, bool) and value >= MAX_EPOCHS
    if knob.name == "mode":
        return value in ("auto", "min")
    if knob.name == "patience":
        return is_number(value) and float(value) >= 2
    return knob.name in JUDGED_BY_WHAT_THEY_DO


def _stopper(call: dict, source: str) -> dict:
    """The EarlyStopping given to fit (as the learner process described it), or the message of what is wrong."""
    callbacks = call["callbacks"]
    if not callbacks:
        if "EarlyStopping" in source:
            fail("not_passed", got="model.fit(...) without callbacks=", expected="model.fit(..., callbacks=[stop])")
        fail("no_callback", got="model.fit(...) without callbacks=", expected=STOPPER)
    stoppers = [c for c in callbacks if str(c.get("type", "")).endswith(".EarlyStopping")]
    classes = [c["class"] for c in callbacks if c.get("class")]
    if not stoppers and classes:
        fail("callback_class", got=f"callbacks=[{', '.join(classes)}]", expected=STOPPER, name=classes[0])
    if not stoppers:
        fail("no_callback", got=f"callbacks=[{', '.join(str(c.get('type')) for c in callbacks)}]", expected=STOPPER)
    return stoppers[0]


def _named(change: Change, call: dict, template: str = "stop.knob_call", **values):
    return knob_feedback(change, "stop", what=t("stop.knob_what.checked"), template=template, got=describe_call(call),
                         expected=EXPECTED_CALL, **values)


def _static(knobs: list, got: dict, call: dict) -> list:
    """Fail with the settings the step does not allow; the others that are not the post's: [(knob, value)]."""
    change = compare(knobs, got)
    if change is None:
        return []
    wrong = tuple((k, v) for k, v in change.knobs if not _within_the_step(k, v))
    if wrong:
        raise _named(Change(wrong), call)
    return list(change.knobs)


def _does_the_job(outcome, curves: dict) -> bool:
    """The callback stops the training before epoch 40 and keeps the weights of the lowest val_loss of the epochs
    that ran, at least as good as the 40-epoch training (what the checks after the training ask)."""
    if outcome is None or outcome["beyond"] or not outcome["stopped"] or outcome["ran"] >= MAX_EPOCHS:
        return False
    losses = curves["val_loss"][: outcome["ran"]]
    best = min(range(len(losses)), key=losses.__getitem__) + 1
    accuracy = curves["val_accuracy"]
    return outcome["kept"] == best and accuracy[best - 1] >= accuracy[-1] - ACCURACY_TOLERANCE


def _outcome(outcome, curves: dict) -> str:
    """What the callback does to the judge's own training, in words."""
    if outcome is None or outcome["beyond"]:
        return t("stop.outcome.beyond", epochs=len(curves["val_loss"]))
    ran, kept = outcome["ran"], outcome["kept"]
    losses = curves["val_loss"][:ran]
    best = min(range(len(losses)), key=losses.__getitem__) + 1
    if not outcome["stopped"] or ran >= MAX_EPOCHS:
        return t("stop.outcome.never", ran=ran, kept=kept)
    if kept != best:
        return t("stop.outcome.other_epoch", ran=ran, kept=kept, best=best)
    return t("stop.outcome.low", ran=ran, kept=kept, accuracy=round(float(curves["val_accuracy"][kept - 1]), 4),
             post_accuracy=round(float(curves["val_accuracy"][-1]), 4))


def _judge(call: dict, source: str, ref) -> None:
    """Fail with the message of the first thing wrong in one fit call: the data, the fit's settings, the callback's
    settings the step fixes (all read from the call), then what the callback's other settings do to the judge's own
    training of this model."""
    check_data(call, EXPECTED_CALL)
    epochs, batch = call["epochs"], call["batch_size"]
    if (epochs, batch) == (BATCH_SIZE, MAX_EPOCHS):  # model.fit(x, y, 40, 512): the 3rd parameter is batch_size
        fail("train.epochs_batch_swapped", got=f"epochs={epochs}, batch_size={batch}",
             expected=f"epochs={MAX_EPOCHS}, batch_size={BATCH_SIZE}")
    if not isinstance(epochs, int) or isinstance(epochs, bool):
        fail("train.epochs_type", got=f"epochs={epochs!r}", expected=f"epochs={MAX_EPOCHS}")
    differ = _static(FIT, settings(call), call)
    stop = _stopper(call, source)
    differ += _static(CALLBACK, {k.name: stop.get(k.name) for k in CALLBACK if k.name in stop}, call)
    if not differ:
        return
    curves = ref.reference_record()["history"]

    def outcome(**changed):
        return stopping(curves, {**stop, **{k: v for k, v in changed.items() if k != "epochs"}},
                        changed.get("epochs", epochs))

    done = outcome()
    if _does_the_job(done, curves):
        return
    culprits = tuple((k, v) for k, v in differ if _does_the_job(outcome(**{k.name: k.post}), curves))
    raise _named(Change(culprits or tuple(differ)), call, template="stop.knob_stopping", outcome=_outcome(done, curves))


@pytest.fixture(scope="module")
def run(learner, ref, live, seen):
    """The learner's training: the fit calls as reported, what train_early() returned, the History, and
    the judge's own evaluation of the weights it ended with."""
    node = learner.function("train_early")  # an untouched stub is "not started" before TensorFlow is imported
    source = ast.unparse(node) if node is not None else ""
    if returns_nothing(node):
        live.note("stop_no_return")  # said before training; the checks below say it again

    def on_fit(data, call):
        if stored_already(data.get("$key")):  # the learner process reads its stored training: no epochs follow
            live.note("stored_fit", function="train_early")
        else:
            live.note("training_early", epochs=MAX_EPOCHS)
        return {"action": "train"}

    with live.showing(ref):  # the kata's own training, compared with (once per machine and seed): its epochs shown
        out = train_once(learner, ref, "train_early", lambda summary: _judge(summary, source, ref), on_fit, step="stop")
    out["record"] = ref.reference_record() if out["calls"] else {"history": {"val_accuracy": [0.0]}}
    out["post"] = float(out["record"]["history"]["val_accuracy"][-1])  # the 40-epoch training (step 8's)
    seen.add(lambda: _shown(out))
    return out


def _shown(run) -> dict:
    losses = [float(v) for v in run["history"]["val_loss"]]
    best = min(range(len(losses)), key=losses.__getitem__)
    return {"epochs": len(losses), "best_epoch": best + 1, "best_loss": losses[best],
            "accuracy": float(run["evaluation"]["accuracy"]), "post_accuracy": run["post"]}


def _trained(run) -> tuple[list, dict]:
    """(the History's val_loss list, the judge's evaluation), after checking there was one training."""
    if not run["calls"]:
        fail("not_fitted", got="model.fit was not called", expected=EXPECTED_CALL)
    evaluation = run["evaluation"]
    if evaluation is None or evaluation.get("error"):
        fail("model_changed", got=(evaluation or {}).get("error") or "no model", expected="the model train_early() was given, trained")
    history = run["history"]
    if history is None:
        fail("no_history", got=show(run["returned"]), expected="the History that model.fit returns")
    losses = history.get("val_loss")
    if not losses or not all(is_number(v) for v in losses):
        fail("no_val_loss", got=f"history.history keys: {sorted(map(str, history))}", expected="a 'val_loss' key")
    if run["epoch"] is None:
        fail("not_the_training", got="weights of no epoch of the post's training of this model", expected=EXPECTED_CALL)
    if not history_agrees(history, len(losses), run["record"]):
        reference = run["record"]["history"]["val_loss"][: len(losses)]
        fail("history_differs", got=f"val_loss {show([round(float(v), 4) for v in losses])}",
             expected=f"val_loss {show([round(v, 4) for v in reference])}, the kata's own training's")
    return [float(v) for v in losses], evaluation


def test_fit_arguments(run):
    """train_early() calls model.fit once, like step 8, with an EarlyStopping on val_loss (patience of 1 or more, restore_best_weights=True)."""
    _trained(run)


def test_returns_history(run):
    """train_early() returns the History object that model.fit gives."""
    returned = run["returned"]
    if returned is None:
        fail("no_return", got="None", expected="the History that model.fit returns")
    expect(isinstance(returned, HistoryView) and 0 in returned.of_argument, "not_history", got=show(returned),
           expected="the History that model.fit returns")


def test_stopped_before_the_last_epoch(run):
    """The training stopped before epoch 40: validation loss stopped improving and the callback ended it."""
    losses, _ = _trained(run)
    expect(len(losses) < MAX_EPOCHS, "not_stopped", got=f"{len(losses)} epochs trained", expected=f"fewer than {MAX_EPOCHS}",
           patience=run["calls"][0]["callbacks"][0].get("patience") if run["calls"][0]["callbacks"] else "?")


def test_best_weights_restored(run):
    """The weights the model ends with are the best epoch's: the kata finds them in its own training of the same model, at the epoch of the lowest val_loss."""
    losses, evaluation = _trained(run)
    best = min(range(len(losses)), key=losses.__getitem__)
    epoch, measured = run["epoch"], evaluation["loss"]
    values = dict(got=f"the weights of epoch {epoch}: val_loss {measured:.4f}",
                  expected=f"the weights of epoch {best + 1}: val_loss {losses[best]:.4f} (the lowest)", best=best + 1,
                  last=len(losses), epoch=epoch)
    if epoch == best + 1:
        return
    if epoch == len(losses):
        fail("last_weights", **values)
    fail("weights_differ", **values)


def test_validation_accuracy(run):
    """The restored model's validation accuracy, measured by the kata, is at least the 40-epoch training's (step 8) minus 0.005."""
    _trained(run)
    accuracy, post = run["evaluation"]["accuracy"], run["post"]
    expect(accuracy >= post - ACCURACY_TOLERANCE, "accuracy_low", got=round(accuracy, 4),
           expected=f">= {post - ACCURACY_TOLERANCE:.4f} ({post:.4f} after 40 epochs)")
