"""Step 8's training is cached across runs, and an edited learner file is never served a stale pass.

One real 40-epoch training, in a fresh cache folder: the first run trains and stores one entry, the
second is served from it (model.fit is never called), a changed file misses the cache and fails.
"""

from kata import oracle
from kata.manifest import step
from selftest.harness import run_checks

STEP = step("train")
EPOCHS_39 = '''
def train(model, partial_x_train, partial_y_train, x_val, y_val):
    return model.fit(partial_x_train, partial_y_train, epochs=39, batch_size=512, validation_data=(x_val, y_val))
'''


def test_training_is_cached_and_any_edit_trains_again(tmp_path, monkeypatch):
    oracle.padded()  # the data stays in memory: the fresh cache folder holds only what step 8 writes
    cache_dir = tmp_path / "cache"
    monkeypatch.setenv("KATA_CACHE_DIR", str(cache_dir))

    fits = []  # every model.fit the checks' models receive (the spy's fit, then Keras's)
    spy = oracle.SpyModel
    real_fit = spy.fit

    def counted_fit(self, *args, **kwargs):
        fits.append(kwargs.get("epochs"))
        return real_fit(self, *args, **kwargs)

    monkeypatch.setattr(spy, "fit", counted_fit)

    def entries():
        return {p.name: p.stat().st_mtime_ns for p in cache_dir.glob("train-*.json")}

    # 1. A cold cache: the solution trains once, passes, and leaves exactly one entry.
    first = run_checks(STEP, "solutions")
    assert [r["name"] for r in first if r["outcome"] != "passed"] == [], first
    assert len(fits) == 1, f"the solution should train once, model.fit was called {len(fits)} times"
    stored = entries()
    assert len(stored) == 1, f"one cache entry expected, found {sorted(stored)}"

    # 2. Nothing changed: every check passes again from the cache, with no training at all.
    second = run_checks(STEP, "solutions")
    assert [r["outcome"] for r in second] == [r["outcome"] for r in first] == ["passed"] * len(first)
    assert len(fits) == 1, "the second run called model.fit: it was not served from the cache"
    assert entries() == stored, "the second run rewrote or added cache entries"

    # 3. The learner's code changed (epochs=39): not served from the cache, trained again, and it fails.
    edited = tmp_path / "epochs_39.py"
    edited.write_text(EPOCHS_39)
    third = run_checks(STEP, "solutions", [edited])
    assert len(fits) == 2, "the edited file was served from the cache instead of being run"
    failed = {r["key"] for r in third if r["outcome"] == "failed"}
    assert "train.too_few_epochs" in failed, f"the edited file should fail with train.too_few_epochs, got {failed}"
    assert entries() == stored, "a failed training must not be cached"
