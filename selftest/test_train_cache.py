"""Trainings are judged by the judge's own training, stored, and never served stale.

- A learner's step 8 trains in the learner process, as written. The judge compares the weights that come back
  with its own training of the same model with the same seed (its trajectory: the weights of every epoch):
  they must be epoch 40's, whatever the learner process said of its fit call.
- A learner process's trainings are stored on its side (kata.shared.training), under a hash of everything
  their result depends on; the judge's reference training in the judge's own cache, checked by digest.
- A wrong fit fails before any training, and stores nothing.
"""

import os

import numpy as np
import pytest

from kata.judge import oracle
from kata.manifest import step
from kata.shared import cache, training
from selftest.harness import run_checks

STEP = step("train")
EPOCHS_39 = '''
def train(model, partial_x_train, partial_y_train, x_val, y_val):
    return model.fit(partial_x_train, partial_y_train, epochs=39, batch_size=512, validation_data=(x_val, y_val))
'''
FORGED = '''
import keras


def train(model, partial_x_train, partial_y_train, x_val, y_val):
    """Reports the right settings to the watcher and fills in a History by hand, without training."""
    model.watch(model, "fit", {"x": partial_x_train, "y": partial_y_train, "epochs": 40, "batch_size": 512,
                               "validation_data": (x_val, y_val)})
    history = keras.callbacks.History()
    history.set_model(model)
    history.params = {"epochs": 40, "steps": 30, "verbose": 0}
    history.epoch = list(range(40))
    history.history = {"loss": [0.2] * 40, "accuracy": [0.95] * 40, "val_loss": [0.3] * 40, "val_accuracy": [0.88] * 40}
    model.history = history
    return history
'''
LIAR = '''
def train(model, partial_x_train, partial_y_train, x_val, y_val):
    """Tells the judge it trains 40 epochs; trains 12, then pads the History to 40 epochs."""
    watch = model.watch

    def lying(m, name, arguments):
        return watch(m, name, {**arguments, "epochs": 40})

    model.watch = lying
    history = model.fit(partial_x_train, partial_y_train, epochs=12, batch_size=512, validation_data=(x_val, y_val))
    for values in history.history.values():
        values.extend([values[-1]] * 28)
    history.epoch = list(range(40))
    history.params["epochs"] = 40
    return history
'''
RECOMPILED = '''
import keras


def train(model, partial_x_train, partial_y_train, x_val, y_val):
    """The post's compile again (plain, without the kata's XLA), and validation data as a list: the same training."""
    model.compile(optimizer=keras.optimizers.Adam(), loss="binary_crossentropy", metrics=["accuracy"])
    return model.fit(x=partial_x_train, y=partial_y_train, epochs=40, batch_size=512,
                     validation_data=[x_val, y_val], verbose=2)
'''


def learner_entries():
    return {p.name for p in cache.folder("learner").glob("fit-*.json")}


def test_a_correct_step_8_passes_on_the_judges_own_training():
    """The solution passes: its weights are epoch 40 of the judge's own training of the same model (stored with
    the weights of every epoch, under a name the seed is part of)."""
    records = run_checks(STEP, "solutions")
    assert [r["name"] for r in records if r["outcome"] != "passed"] == [], records
    assert len(oracle.trajectory()) == 40 and oracle.reference_name().startswith("reference-")
    assert training.stored(oracle.reference_name(), cache.folder("judge")) is not None


def test_an_edited_file_fails_before_training(tmp_path):
    edited = tmp_path / "epochs_39.py"
    edited.write_text(EPOCHS_39)
    before = learner_entries()
    records = run_checks(STEP, "solutions", [edited])
    failed = {r["key"] for r in records if r["outcome"] == "failed"}
    assert "train.knob.epochs" in failed, f"the edited file should fail with train.knob.epochs, got {failed}"
    assert learner_entries() == before, "a fit stopped before training stored something"


def test_a_forged_history_without_training_does_not_pass(tmp_path):
    """A train() that tells the model's watcher the right settings and makes up a History: the judge
    evaluates the returned weights itself (untrained: about 0.5) and passes no training check."""
    forged = tmp_path / "forged.py"
    forged.write_text(FORGED)
    records = run_checks(STEP, "solutions", [forged], select="not final_val_accuracy")
    passed = [r["name"] for r in records if r["outcome"] == "passed"]
    assert passed == [], f"a made-up History passed {passed}"
    keys = {r["key"] for r in records}
    assert keys & {"train.history_mismatch", "train.val_accuracy_low", "train.not_the_training"}, keys


@pytest.mark.e2e  # a training of 12 epochs
def test_a_fit_that_lies_about_itself_is_named_by_its_weights(tmp_path):
    """Told "40 epochs", trained 12, its History padded to 40: the weights are the judge's own training after 12
    epochs, and every training check says so."""
    liar = tmp_path / "liar.py"
    liar.write_text(LIAR)
    records = run_checks(STEP, "solutions", [liar], select="not final_val_accuracy")
    assert [r["name"] for r in records if r["outcome"] == "passed"] == [], records
    assert {r["key"] for r in records} == {"train.other_epochs"}, records
    assert "12 epochs" in records[0]["message"], records[0]["message"]


@pytest.mark.e2e  # a training of 40 epochs
def test_another_spelling_of_the_same_training_passes(tmp_path):
    """Compiled again with the post's settings, validation data as a list, arguments by name: the same training
    (its weights within 1e-6 of the judge's), and every check passes."""
    other = tmp_path / "recompiled.py"
    other.write_text(RECOMPILED)
    records = run_checks(STEP, "solutions", [other])
    assert [r["name"] for r in records if r["outcome"] != "passed"] == [], records


def test_the_judge_tells_its_own_epochs_apart():
    """The comparison is the judge's: each epoch of its training is itself and no other (an epoch apart, the weights
    differ by far more than the tolerance; a recompile moves them by about 1e-6)."""
    epochs = oracle.trajectory()
    assert oracle.matching_epoch(epochs[-1]) == 40 and oracle.matching_epoch(epochs[11]) == 12
    assert not oracle.same_weights(epochs[38], epochs[39])
    nudged = [w * (1 + 1e-6) for w in epochs[-1]]
    assert oracle.same_weights(nudged, epochs[-1])
    assert oracle.matching_epoch([np.zeros_like(w) for w in epochs[-1]]) is None


# --- every SpyModel training is stored under a hash of its inputs (kata.training.fit_key) ----------
# A stale result is a defect: any change that can change the numbers must train again. Tiny models, eager mode.

DATA = np.random.RandomState(0).rand(64, 8).astype("float32")
LABELS = (DATA[:, 0] > 0.5).astype("int64")


def _tiny(store, learning_rate=0.001):
    import keras

    keras.utils.set_random_seed(7)
    model = training.spy_class()([keras.Input((8,)), keras.layers.Dense(4, activation="relu"),
                                  keras.layers.Dense(1, activation="sigmoid")])
    model.store = store
    model.compile(optimizer=keras.optimizers.Adam(learning_rate), loss="binary_crossentropy", metrics=["accuracy"], run_eagerly=True)
    return model


def _fit(model, x=DATA, y=LABELS, **settings):
    return model.fit(x, y, **{"epochs": 1, "batch_size": 32, "verbose": 0, **settings})


@pytest.fixture
def real_fits(tmp_path, monkeypatch):
    """The trainings Keras really ran, stored in an empty folder of their own: (the folder, the epochs of each)."""
    import keras

    ran = []

    def counted(self, *args, **kwargs):  # SpyModel.fit's super().fit finds this first
        ran.append(kwargs.get("epochs"))
        return keras.Model.fit(self, *args, **kwargs)

    monkeypatch.setattr(keras.Sequential, "fit", counted, raising=False)
    return tmp_path, ran


def test_the_same_training_is_read_back(real_fits):
    store, ran = real_fits
    first_model = _tiny(store)
    first = _fit(first_model)
    model = _tiny(store)
    again = _fit(model, DATA.copy(), LABELS.copy(), verbose=1)  # equal arrays, other objects; verbose only shows progress
    assert len(ran) == 1, "the second, identical training ran again"
    assert again.history == first.history and again.epoch == [0] and model.history is again
    assert again.params == {**first.params, "verbose": 1}
    assert all(np.array_equal(a, b) for a, b in zip(model.get_weights(), first_model.get_weights()))


def _frozen(model):
    model.layers[0].trainable = False


CHANGES = {  # what differs from the stored training -> how
    "epochs": lambda s: _fit(_tiny(s), epochs=2),
    "batch size": lambda s: _fit(_tiny(s), batch_size=16),
    "no shuffling": lambda s: _fit(_tiny(s), shuffle=False),
    "one input value": lambda s: _fit(_tiny(s), np.where(np.arange(DATA.size).reshape(DATA.shape) == 5, 0.5, DATA)),
    "one label": lambda s: _fit(_tiny(s), y=np.r_[1 - LABELS[:1], LABELS[1:]]),
    "validation data": lambda s: _fit(_tiny(s), validation_data=(DATA[:8], LABELS[:8])),
    "class weights": lambda s: _fit(_tiny(s), class_weight={0: 1.0, 1: 2.0}),
    "learning rate at compile": lambda s: _fit(_tiny(s, learning_rate=0.01)),
    # 0.02: assigning 0.01 would be the very training of compiling with 0.01 (rightly read back)
    "learning rate assigned": lambda s: _fit((m := _tiny(s), m.optimizer.learning_rate.assign(0.02))[0]),
    "one initial weight": lambda s: _fit((m := _tiny(s), m.layers[0].kernel.assign(m.layers[0].kernel * 2))[0]),
    "a frozen layer": lambda s: _fit((m := _tiny(s), _frozen(m))[0]),
    "callbacks (never stored)": lambda s: _fit(_tiny(s), callbacks=[]) and _fit(_tiny(s), callbacks=[__import__("keras").callbacks.History()]),
}


def test_any_change_trains_again(real_fits):
    store, ran = real_fits
    _fit(_tiny(store))
    for change, train in CHANGES.items():
        before = len(ran)
        train(store)
        assert len(ran) > before, f"a training with another {change} was served the stored result"
    trained = len(ran)
    _fit(_tiny(store), callbacks=[__import__("keras").callbacks.History()])
    assert len(ran) == trained + 1, "a training with callbacks was stored"


def test_a_damaged_stored_training_is_trained_again(real_fits):
    """A stored training is used only while its weights file is the one stored (its digest is in the record):
    a garbled file, or another training's file in its place, is trained again, never loaded."""
    store, ran = real_fits
    first = _fit(_tiny(store))
    other = _fit(_tiny(store, learning_rate=0.01))
    assert len(ran) == 2
    files = sorted(store.glob("*.weights.h5"), key=lambda p: p.stat().st_mtime_ns)
    files[0].write_bytes(files[1].read_bytes())  # a valid weights file, of the other training
    again = _fit(_tiny(store))
    assert len(ran) == 3 and again.history == first.history, "another training's weights were loaded"
    files[1].write_bytes(b"garbage")
    again = _fit(_tiny(store, learning_rate=0.01))
    assert len(ran) == 4 and again.history == other.history, "a garbled weights file was used"
    assert _fit(_tiny(store)).history == first.history and len(ran) == 4, "the training stored again is not read back"


def test_the_fast_compile_never_changes_what_a_fit_asks():
    """The kata's fast compile (several batches per execution) gives a plain fit the same batches; a fit that counts
    its own steps (steps_per_epoch) or acts after each batch is run one step per execution: it trains the batches it
    asks for, not whole executions of them."""
    import keras

    def batches(**settings):
        model = training.spy_class()([keras.Input((8,)), keras.layers.Dense(1, activation="sigmoid")])
        model.compile(optimizer="adam", loss="binary_crossentropy", steps_per_execution=32)
        model.fast = True
        model.fit(DATA, LABELS, **{"epochs": 3, "batch_size": 8, "verbose": 0, **settings})
        return int(model.optimizer.iterations.numpy())

    assert batches() == 3 * 8
    assert batches(steps_per_epoch=2) == 3 * 2
    counted = []
    assert batches(callbacks=[keras.callbacks.LambdaCallback(on_train_batch_end=lambda b, logs: counted.append(b))]) == 24
    assert len(counted) == 24, "a callback that acts after each batch was called once per execution"


def _keras_stopping(model, curves: dict, settings: dict, epochs: int) -> dict:
    """What keras.callbacks.EarlyStopping itself does, driven epoch by epoch over made-up curves: the weights of
    epoch n are [n] (so the weights it ends with say their epoch)."""
    import keras

    callback = keras.callbacks.EarlyStopping(**settings)
    callback.set_model(model)
    model.stop_training = False  # as fit sets it
    callback.on_train_begin()
    ran, stopped = epochs, False
    for epoch in range(epochs):
        model.set_weights([np.full((1, 1), epoch + 1.0)])
        callback.on_epoch_end(epoch, {k: v[epoch] for k, v in curves.items()})
        if model.stop_training:
            ran, stopped = epoch + 1, True
            break
    callback.on_train_end()
    return {"ran": ran, "kept": int(model.get_weights()[0][0, 0]), "stopped": stopped, "beyond": False}


def test_an_early_stopping_is_judged_by_keras_own_rules():
    """The judge tells what an EarlyStopping does to its own training by following Keras's rules (kata.judge.fitting
    .stopping): on noisy made-up curves, for every setting a learner may write, it stops and keeps the weights
    Keras's own callback does."""
    import keras

    from kata.judge.fitting import stopping

    model = keras.Sequential([keras.Input((1,)), keras.layers.Dense(1, use_bias=False)])
    rng = np.random.RandomState(3)
    grid = [dict(patience=p) for p in (0, 1, 2, 3, 5, 9)] + [dict(min_delta=d, patience=2) for d in (1e-4, 0.003, 0.02)]
    grid += [dict(baseline=b, patience=2) for b in (0.2, 0.35, 0.6)] + [dict(start_from_epoch=s, patience=2) for s in (3, 12)]
    grid += [dict(mode="max", patience=2), dict(mode="min", patience=2), dict(monitor="loss", patience=2),
             dict(monitor="val_accuracy", mode="max", patience=2), dict(monitor="val_accuracy", mode="min", patience=1)]
    for trial in range(2):
        epochs = np.arange(1, 21)
        loss = 0.7 * np.exp(-epochs / 6) + 0.2 + rng.normal(0, 0.01, 20)
        curves = {"loss": list(loss * 0.9), "val_loss": list(loss + 0.002 * (epochs - 10).clip(0) ** 2),
                  "val_accuracy": list(1 - loss / 2 + rng.normal(0, 0.01, 20))}
        for settings in grid:
            for restore in (True, False):
                setting = {**settings, "restore_best_weights": restore}
                assert stopping(curves, setting, 20) == _keras_stopping(model, curves, setting, 20), (trial, setting)


def test_the_judges_files_reach_a_learner_process_as_copies(tmp_path):
    """What the judge places in a call folder (the learner process may write there) is a copy: writing it
    never changes the judge's own file."""
    from kata.judge.inputs import place

    source, target = tmp_path / "judge.weights.h5", tmp_path / "call" / "given1.weights.h5"
    source.write_bytes(b"the judge's weights")
    target.parent.mkdir()
    place(source, target)
    assert not os.path.samefile(source, target)
    target.write_bytes(b"the learner's writing")
    assert source.read_bytes() == b"the judge's weights"


@pytest.mark.e2e
@pytest.mark.parametrize("part", ["weights.h5", "epochs.npz"])
def test_a_damaged_reference_training_is_trained_again_never_used(tmp_path, monkeypatch, part):
    """The judge's stored reference training, damaged on disk (its weights or its trajectory): the judge trains it
    again, never reads the damaged file, and a correct step 8 still passes: no check blames the learner."""
    import shutil

    judge = cache.folder("judge")
    oracle.trained_weights()  # the reference is stored (trained here if it was not)
    copy = tmp_path / "cache"
    shutil.copytree(judge.parent, copy, ignore=shutil.ignore_patterns("*.lock"))
    monkeypatch.setenv("KATA_CACHE_DIR", str(copy))
    damaged = cache.folder("judge") / f"{oracle.reference_name()}.{part}"
    assert damaged.exists()
    damaged.write_bytes(b"garbage")
    oracle.trained.cache_clear()
    oracle.model._TRAJECTORY.clear()
    try:
        records = run_checks(STEP, "solutions")
    finally:
        oracle.trained.cache_clear()
        oracle.model._TRAJECTORY.clear()
    assert [r["name"] for r in records if r["outcome"] != "passed"] == [], records
    assert damaged.read_bytes() != b"garbage", "the reference was not stored again"
