"""Step 8's training is cached across runs, and an edited learner file is never served a stale pass.

In the project's cache folder (so the suite trains the solution once, whichever test comes first): a
run that trains stores one entry, the next is served from it (model.fit is never called), and a
changed file misses the cache and fails.
"""

import numpy as np
import pytest

from kata import cache, oracle
from kata.manifest import step
from selftest.harness import run_checks

STEP = step("train")
EPOCHS_39 = '''
def train(model, partial_x_train, partial_y_train, x_val, y_val):
    return model.fit(partial_x_train, partial_y_train, epochs=39, batch_size=512, validation_data=(x_val, y_val))
'''


def test_training_is_cached_and_any_edit_trains_again(tmp_path, monkeypatch):
    fits = []  # every model.fit the checks' models receive (the spy's fit, then Keras's)
    spy = oracle.SpyModel
    real_fit = spy.fit

    def counted_fit(self, *args, **kwargs):
        fits.append(kwargs.get("epochs"))
        return real_fit(self, *args, **kwargs)

    monkeypatch.setattr(spy, "fit", counted_fit)

    def entries():  # names only: another xdist worker may store the same (solution) entry at any time
        return {p.name for p in cache.folder().glob("train-*.json")}

    # 1. The solution passes; if nothing was cached yet it trains once and stores exactly one entry.
    before = entries()
    first = run_checks(STEP, "solutions")
    assert [r["name"] for r in first if r["outcome"] != "passed"] == [], first
    assert len(fits) <= 1, f"the solution should train at most once, model.fit was called {len(fits)} times"
    stored = entries()
    assert stored and len(stored - before) <= 1, "a training stores exactly one entry"

    # 2. Nothing changed: every check passes again from the cache, with no training at all.
    trained = len(fits)
    second = run_checks(STEP, "solutions")
    assert [r["outcome"] for r in second] == [r["outcome"] for r in first] == ["passed"] * len(first)
    assert len(fits) == trained, "the second run called model.fit: it was not served from the cache"
    assert entries() == stored, "the second run added cache entries"

    # 3. The learner's code changed (epochs=39): not served from the cache, run again, and it fails.
    edited = tmp_path / "epochs_39.py"
    edited.write_text(EPOCHS_39)
    third = run_checks(STEP, "solutions", [edited])
    assert len(fits) == trained + 1, "the edited file was served from the cache instead of being run"
    failed = {r["key"] for r in third if r["outcome"] == "failed"}
    assert "train.too_few_epochs" in failed, f"the edited file should fail with train.too_few_epochs, got {failed}"
    assert entries() == stored, "a failed training must not be cached"


# --- every SpyModel training is stored under a hash of its inputs (kata.oracle._fit_key) -------------
# So the reference model of steps 9 and 11 and a learner's correct step 8 are one training. A stale
# result is a defect: any change that can change the numbers must train again. Tiny models, eager mode.

DATA = np.random.RandomState(0).rand(64, 8).astype("float32")
LABELS = (DATA[:, 0] > 0.5).astype("int64")


def _tiny(learning_rate=0.001):
    import keras

    keras.utils.set_random_seed(7)
    model = oracle.SpyModel([keras.Input((8,)), keras.layers.Dense(4, activation="relu"), keras.layers.Dense(1, activation="sigmoid")])
    model.compile(optimizer=keras.optimizers.Adam(learning_rate), loss="binary_crossentropy", metrics=["accuracy"], run_eagerly=True)
    return model


def _fit(model, x=DATA, y=LABELS, **settings):
    return model.fit(x, y, **{"epochs": 1, "batch_size": 32, "verbose": 0, **settings})


@pytest.fixture
def real_fits(tmp_path, monkeypatch):
    """The trainings Keras really ran, in an empty cache of their own."""
    import keras

    monkeypatch.setenv("KATA_CACHE_DIR", str(tmp_path))
    ran = []

    def counted(self, *args, **kwargs):  # SpyModel.fit's super().fit finds this first
        ran.append(kwargs.get("epochs"))
        return keras.Model.fit(self, *args, **kwargs)

    monkeypatch.setattr(keras.Sequential, "fit", counted, raising=False)
    return ran


def test_the_same_training_is_read_back(real_fits):
    first_model = _tiny()
    first = _fit(first_model)
    model = _tiny()
    again = _fit(model, DATA.copy(), LABELS.copy(), verbose=1)  # equal arrays, other objects; verbose only shows progress
    assert len(real_fits) == 1, "the second, identical training ran again"
    assert again.history == first.history and again.epoch == [0] and model.history is again
    assert again.params == {**first.params, "verbose": 1}
    assert all(np.array_equal(a, b) for a, b in zip(model.get_weights(), first_model.get_weights()))


def _frozen(model):
    model.layers[0].trainable = False


CHANGES = {  # what differs from the stored training -> how
    "epochs": lambda: _fit(_tiny(), epochs=2),
    "batch size": lambda: _fit(_tiny(), batch_size=16),
    "no shuffling": lambda: _fit(_tiny(), shuffle=False),
    "one input value": lambda: _fit(_tiny(), np.where(np.arange(DATA.size).reshape(DATA.shape) == 5, 0.5, DATA)),
    "one label": lambda: _fit(_tiny(), y=np.r_[1 - LABELS[:1], LABELS[1:]]),
    "validation data": lambda: _fit(_tiny(), validation_data=(DATA[:8], LABELS[:8])),
    "class weights": lambda: _fit(_tiny(), class_weight={0: 1.0, 1: 2.0}),
    "learning rate at compile": lambda: _fit(_tiny(learning_rate=0.01)),
    # 0.02: assigning 0.01 would be the very training of compiling with 0.01 (rightly read back)
    "learning rate assigned": lambda: _fit((m := _tiny(), m.optimizer.learning_rate.assign(0.02))[0]),
    "one initial weight": lambda: _fit((m := _tiny(), m.layers[0].kernel.assign(m.layers[0].kernel * 2))[0]),
    "a frozen layer": lambda: _fit((m := _tiny(), _frozen(m))[0]),
    "callbacks (never stored)": lambda: _fit(_tiny(), callbacks=[]) and _fit(_tiny(), callbacks=[__import__("keras").callbacks.History()]),
}


def test_any_change_trains_again(real_fits):
    _fit(_tiny())
    for change, train in CHANGES.items():
        before = len(real_fits)
        train()
        assert len(real_fits) > before, f"a training with another {change} was served the stored result"
    trained = len(real_fits)
    _fit(_tiny(), callbacks=[__import__("keras").callbacks.History()])
    assert len(real_fits) == trained + 1, "a training with callbacks was stored"


def test_a_correct_step_8_is_the_reference_training():
    """The solution's fit and the reference model's fit (steps 9 and 11) have one cache name, so a
    learner who trains the post's way trains once, and so does `make test`. Nothing is trained here."""
    from kata.checking import Learner
    from kata.manifest import ROOT

    class Stop(Exception):
        pass

    def name_of(train) -> str:
        names = []

        def watch(call, arguments):
            names.append(oracle._fit_key(model, arguments))
            raise Stop  # before the re-seed and the training

        model = oracle.spy_model(watch=watch)
        with pytest.raises(Stop):
            train(model)
        return names[0]

    (x, y), (x_val, y_val) = oracle.split()
    solution = Learner(STEP, ROOT / "solutions").function("train")
    learner = name_of(lambda model: solution(model, x.copy(), y.copy(), x_val.copy(), y_val.copy()))
    assert learner is not None and learner == name_of(oracle.fit)
