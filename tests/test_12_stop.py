"""Step 12 · stop: checks for exercises/12_stop.py (train_early).

Like step 8, the learner's train_early() gets a fresh compiled model of the post and step 7's split in a
learner process; the fit call is reported before it runs, so wrong data or a wrong EarlyStopping (not
passed to fit, watching the training loss, patience 0, no restore, mode 'max') fail at once, before any
training. After the training, the verdict rests on what the judge computes: it evaluates the returned
weights on the validation reviews itself (NumPy), and they must be the best epoch's (their loss equal to
the lowest val_loss of the History) and at least as good as the post's 40-epoch training's.
"""

from __future__ import annotations

import ast
import math

import pytest

from kata.judge.checking import expect, fail, is_number, show
from kata.judge.fitting import check_data, returns_nothing, stored_already, train_once
from kata.judge.views import HistoryView

MAX_EPOCHS = 40
MOST_EPOCHS = 100  # epochs=100 trains exactly as 40 when the callback stops before 40: accepted
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


def _stopper(call: dict, source: str) -> dict:
    """The EarlyStopping given to fit (as the learner process described it), or the message of what is wrong."""
    callbacks = call["callbacks"]
    if not callbacks:
        if "EarlyStopping" in source:
            fail("not_passed", got="model.fit(...) without callbacks=", expected="model.fit(..., callbacks=[stop])")
        fail("no_callback", got="model.fit(...) without callbacks=", expected=STOPPER)
    stoppers = [c for c in callbacks if str(c.get("type", "")).endswith(".EarlyStopping")]
    if not stoppers:
        fail("no_callback", got=f"callbacks=[{', '.join(str(c.get('type')) for c in callbacks)}]", expected=STOPPER)
    return stoppers[0]


def _judge(call: dict, source: str) -> None:
    """Fail with the message of the first thing wrong in one fit call (data, settings, then the callback)."""
    check_data(call, EXPECTED_CALL)
    epochs, batch = call["epochs"], call["batch_size"]
    if not isinstance(epochs, int) or isinstance(epochs, bool) or not MAX_EPOCHS <= epochs <= MOST_EPOCHS:
        fail("epochs", got=f"epochs={epochs!r}", expected=f"epochs={MAX_EPOCHS}")  # more is the same training
    if batch != BATCH_SIZE:
        fail("batch_size", got=f"batch_size={batch!r}", expected=f"batch_size={BATCH_SIZE}")
    stop = _stopper(call, source)
    monitor, mode, patience = stop.get("monitor"), stop.get("mode"), stop.get("patience")
    got = f"EarlyStopping(monitor={monitor!r}, patience={patience!r}, mode={mode!r}, restore_best_weights={stop.get('restore_best_weights')!r})"
    if monitor in ("loss", "accuracy"):
        fail("monitor_training", got=got, expected=STOPPER, monitor=monitor)
    expect(monitor == "val_loss", "monitor", got=got, expected=STOPPER, monitor=monitor)
    expect(mode in ("auto", "min"), "wrong_mode", got=got, expected=STOPPER, mode=mode)
    expect(isinstance(patience, int) and not isinstance(patience, bool) and patience >= 1, "patience_zero", got=got,
           expected=STOPPER)
    expect(stop.get("restore_best_weights") is True, "no_restore", got=got, expected=STOPPER)


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
            live.note("stored_early")
        else:
            live.note("training_early", epochs=MAX_EPOCHS)
        return {"action": "train"}

    out = train_once(learner, ref, "train_early", lambda summary: _judge(summary, source), on_fit)
    out["post"] = float(ref.reference_record()["history"]["val_accuracy"][-1])  # the 40-epoch training (step 8's)
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
    """The weights the model ends with are the best epoch's: the kata measures their validation loss, equal to the lowest val_loss in the History."""
    losses, evaluation = _trained(run)
    best = min(range(len(losses)), key=losses.__getitem__)
    measured = evaluation["loss"]
    values = dict(got=f"val_loss {measured:.4f} (epoch {len(losses)}: {losses[-1]:.4f})",
                  expected=f"val_loss {losses[best]:.4f} (epoch {best + 1}, the lowest)", best=best + 1, last=len(losses))
    if math.isclose(measured, losses[best], abs_tol=LOSS_TOLERANCE):
        return
    if best != len(losses) - 1 and math.isclose(measured, losses[-1], abs_tol=LOSS_TOLERANCE):
        fail("last_weights", **values)
    fail("weights_differ", **values)


def test_validation_accuracy(run):
    """The restored model's validation accuracy, measured by the kata, is at least the 40-epoch training's (step 8) minus 0.005."""
    _trained(run)
    accuracy, post = run["evaluation"]["accuracy"], run["post"]
    expect(accuracy >= post - ACCURACY_TOLERANCE, "accuracy_low", got=round(accuracy, 4),
           expected=f">= {post - ACCURACY_TOLERANCE:.4f} ({post:.4f} after 40 epochs)")
