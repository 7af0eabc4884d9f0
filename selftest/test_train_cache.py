"""Trainings are stored, shared when they are the reference training, and never served stale.

- A correct step 8 is the reference training: the learner process is served the judge's stored
  training (no training of its own), and its checks pass on the judge's own evaluation.
- A learner's fit that is not the reference's trains in the learner process and is stored on the
  learner's side (kata.training), under a hash of everything its result depends on.
- A wrong fit fails before any training, and stores nothing.
"""

import os

import numpy as np
import pytest

from kata.shared import cache, training
from kata.judge import oracle
from kata.manifest import step
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


def learner_entries():
    return {p.name for p in cache.folder("learner").glob("fit-*.json")}


def test_a_correct_step_8_is_served_the_reference_training():
    """The solution passes; its fit is the reference training, so the learner process trains nothing."""
    before = learner_entries()
    records = run_checks(STEP, "solutions")
    assert [r["name"] for r in records if r["outcome"] != "passed"] == [], records
    assert learner_entries() == before, "the learner process trained although its fit is the reference training"
    assert (cache.folder("judge") / f"{oracle.reference_fit_key()}.weights.h5").exists()


def test_an_edited_file_fails_before_training(tmp_path):
    edited = tmp_path / "epochs_39.py"
    edited.write_text(EPOCHS_39)
    before = learner_entries()
    records = run_checks(STEP, "solutions", [edited])
    failed = {r["key"] for r in records if r["outcome"] == "failed"}
    assert "train.too_few_epochs" in failed, f"the edited file should fail with train.too_few_epochs, got {failed}"
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
    assert keys & {"train.history_mismatch", "train.val_accuracy_low"}, keys


def test_a_batch_shares_unless_the_instructor_says_not(tmp_path, monkeypatch):
    """A SUBMISSIONS batch's judges may serve the reference training (one training for the class);
    KATA_NO_SHARING=1 in the instructor's environment makes every copy train its own."""
    from kata.judge import batch
    from kata.judge.inputs import Call

    monkeypatch.delenv("KATA_NO_SHARING", raising=False)
    for name, value in batch._batch_env(True, 2).items():
        monkeypatch.setenv(name, value)
    assert Call(tmp_path).may_share
    monkeypatch.setenv("KATA_NO_SHARING", "1")
    assert not Call(tmp_path).may_share


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


def test_a_correct_step_8_has_the_reference_key():
    """The solution's fit and the reference model's fit have one store name: a learner who trains the
    post's way is the reference training (and so is `make test`'s). Nothing is trained here."""
    import importlib.util

    from kata.manifest import ROOT

    class Stop(Exception):
        pass

    names = []

    def watch(model, call, arguments):
        names.append(training.fit_key(model, arguments))
        raise Stop  # before the re-seed and the training

    spec = importlib.util.spec_from_file_location("solution_08", STEP.solution(ROOT))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)  # the kata's own reference solution, not a learner's file
    (x, y), (x_val, y_val) = oracle.split()
    with pytest.raises(Stop):
        module.train(training.spy_model(watch=watch), x.copy(), y.copy(), x_val.copy(), y_val.copy())
    assert names[0] is not None and names[0] == oracle.reference_fit_key()


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
def test_a_damaged_reference_training_is_trained_again_not_served(tmp_path, monkeypatch):
    """The judge's stored reference training, damaged on disk: a correct step 8 is still served a correct
    training (the judge trains it again), never the damaged file, and no check blames the learner."""
    import shutil

    judge = cache.folder("judge")
    oracle.trained_weights()  # the reference is stored (trained here if it was not)
    copy = tmp_path / "cache"
    shutil.copytree(judge.parent, copy, ignore=shutil.ignore_patterns("*.lock"))
    monkeypatch.setenv("KATA_CACHE_DIR", str(copy))
    oracle.reference_fit_key.cache_clear()
    damaged = cache.folder("judge") / f"{oracle.reference_fit_key()}.weights.h5"
    assert damaged.exists()
    damaged.write_bytes(b"garbage")
    records = run_checks(STEP, "solutions")
    assert [r["name"] for r in records if r["outcome"] != "passed"] == [], records
    assert damaged.read_bytes() != b"garbage", "the reference was not stored again"
