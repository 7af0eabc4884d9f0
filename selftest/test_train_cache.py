"""Step 8's training is cached across runs, and an edited learner file is never served a stale pass.

In the project's cache folder (so the suite trains the solution once, whichever test comes first): a
run that trains stores one entry, the next is served from it (model.fit is never called), and a
changed file misses the cache and fails.
"""

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
