"""Passed steps kept by their inputs (kata.judge.kept, kata.judge.footprint): an unchanged passed step is read from
the store, anything that could change its verdict checks it again, and no stale, damaged or foreign entry is
ever shown as a pass. The runner is driven here by a stand-in judge (its report events, as the real one sends
them): what is tested is which steps reach the judge and what is kept. test_cli.py does it with the real one."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from kata.judge import footprint, kept, launch, runner
from kata.manifest import ROOT, step, steps

SPLIT = step("split")  # NumPy only: its real checks are quick (test_cli.py)


@pytest.fixture
def where(tmp_path, monkeypatch):
    """A learner's folder (the solutions), a data folder, and an empty store, all of this test's own."""
    folder = tmp_path / "exercises"
    shutil.copytree(ROOT / "solutions", folder)
    data = tmp_path / "data"
    data.mkdir()
    for name in footprint.DATA_FILES:
        (data / name).write_bytes(f"the {name} of this test".encode())
    monkeypatch.setenv("KATA_DATA_DIR", str(data))
    monkeypatch.setattr(kept, "FOLDER", tmp_path / "passed")
    return folder


class Judge:
    """A stand-in for launch.judge_run: every step it is given passes (or fails, as asked), with seen values and
    what it printed; it counts the steps it was given."""

    def __init__(self, fail=(), during=None):
        self.given: list[int] = []
        self.fail, self.during = set(fail), during

    def __call__(self, todo, *args, **kwargs):
        if self.during:
            self.during()
        events = [{"event": "collected", "tests": [{"step": s.number, "nodeid": f"t{s.number}"} for s in todo]}]
        for s in todo:
            self.given.append(s.number)
            outcome = "failed" if s.number in self.fail else "passed"
            extra = {"kind": "wrong", "message": "wrong"} if outcome == "failed" else {}
            events += [{"event": "running", "step": s.number, "nodeid": f"t{s.number}"},
                       {"event": "test", "step": s.number, "name": "t", "nodeid": f"t{s.number}", "outcome": outcome,
                        **extra},
                       {"event": "seen", "step": s.number, "values": {"rows": 15000 + s.number}}]
        events.append({"event": "finished"})
        return launch.Run(events, "", 0, None, {s.number: f"printed by step {s.number}\n" for s in todo})


def check(folder, monkeypatch, judge, only=(SPLIT,), **kwargs):
    monkeypatch.setattr(runner, "judge_run", judge)
    return runner.run(target=str(folder), only=list(only), keep=True, **kwargs)


def test_a_passed_unchanged_step_is_read_from_the_store_with_what_it_showed(where, monkeypatch):
    first = check(where, monkeypatch, Judge())
    r = first.results[SPLIT.number]
    assert r.state == "done" and not r.kept
    again = Judge()
    r = check(where, monkeypatch, again).results[SPLIT.number]
    assert again.given == [] and r.kept and r.state == "done"
    assert r.seen == {"rows": 15007} and r.printed == "printed by step 7\n" and r.passed == 1


def test_an_edited_step_is_checked_again(where, monkeypatch):
    check(where, monkeypatch, Judge())
    path = where / f"{SPLIT.slug}.py"
    path.write_text(path.read_text() + "\n# a comment is an edit too\n")
    again = Judge()
    r = check(where, monkeypatch, again).results[SPLIT.number]
    assert again.given == [SPLIT.number] and not r.kept


def test_a_changed_input_of_any_kind_changes_the_footprint(where, monkeypatch, tmp_path):
    """The step's file, a helper of the learner's folder, another step's file it names, its checks (and a helper of
    tests/), its hidden checks, the kata's code and messages, the data, the versions, the settings: each is part
    of what a verdict depends on."""
    root = tmp_path / "root"
    shutil.copytree(ROOT / "tests", root / "tests", ignore=shutil.ignore_patterns("__pycache__"))
    package = tmp_path / "pkg" / "kata"
    shutil.copytree(ROOT / "kata", package, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(footprint, "PACKAGE", package)
    hidden = tmp_path / "hidden" / f"test_{SPLIT.slug}_hidden.py"
    hidden.parent.mkdir()
    hidden.write_text("def test_more():\n    pass\n")

    def now():
        return footprint.of(SPLIT, where, root, extra_tests=[hidden])

    seen = {now()}
    own = where / f"{SPLIT.slug}.py"
    edits = [
        lambda: own.write_text(own.read_text() + "\n# edited\n"),
        lambda: (where / "helpers.py").write_text("ANSWER = 42\n"),
        lambda: own.write_text(own.read_text() + "\n# uses exercises/04_pad.py too\n"),
        lambda: (where / "04_pad.py").write_text((where / "04_pad.py").read_text() + "\n# edited\n"),
        lambda: (root / "tests" / f"test_{SPLIT.slug}.py").write_text("# another check\n", encoding="utf-8"),
        lambda: (root / "tests" / "helpers.py").write_text("# a helper of the checks\n"),
        lambda: hidden.write_text("def test_more():\n    assert True\n"),
        lambda: (package / "messages" / "en" / f"{SPLIT.slug}.toml").write_text("# a message changed\n"),
        lambda: (package / "judge" / "fitting.py").write_text("# the kata's code changed\n"),
        lambda: (Path(os.environ["KATA_DATA_DIR"]) / "imdb.npz").write_bytes(b"other data"),
        lambda: monkeypatch.setattr(footprint.sys, "version", "3.99.0 (a newer Python)"),
        lambda: monkeypatch.setenv("KATA_TIMEOUT_SCALE", "3"),
    ]
    for n, edit in enumerate(edits):
        edit()
        assert now() not in seen, f"edit {n} left the footprint as it was"
        seen.add(now())
    for unrelated in (lambda: (where / "05_model.py").write_text("# step 5, named by no file step 7 uses\n"),
                      lambda: monkeypatch.setenv("KATA_LANG", "pt_BR"),
                      lambda: (root / "tests" / "test_05_model.py").write_text("# another step's checks\n")):
        before = now()
        unrelated()
        assert now() == before, "a change that cannot change step 7's verdict made it new"


def test_a_damaged_or_foreign_entry_is_ignored(where, monkeypatch, tmp_path):
    check(where, monkeypatch, Judge())
    store = kept.Store(where)
    path = store.path(SPLIT)
    good = path.read_text()
    entry = json.loads(good)

    def forged(**changes):
        body = {k: v for k, v in {**entry, **changes}.items() if k != "digest"}
        return json.dumps({**body, "digest": kept._digest(body)})

    cases = {
        "truncated": good[: len(good) // 2],
        "not JSON": "\x00\x01",
        "a list": "[]",
        "a value changed, digest not": good.replace('"outcome": "passed"', '"outcome": "passed "'),
        "a failing check": forged(tests=[{**entry["tests"][0], "outcome": "failed"}]),
        "no checks": forged(tests=[]),
        "another step's": forged(step="06_compile"),
        "another footprint": forged(footprint="0" * 32),
        "another format": forged(format=0),
    }
    for name, text in cases.items():
        path.write_text(text)
        judge = Judge()
        r = check(where, monkeypatch, judge).results[SPLIT.number]
        assert judge.given == [SPLIT.number] and not r.kept, f"{name}: trusted"
        assert kept.Store(where).read(SPLIT) is not None, f"{name}: the new pass was not kept"
    other = tmp_path / "other"  # a copy of the folder elsewhere, with this folder's entry: not its own
    shutil.copytree(where, other)
    kept.Store(other).path(SPLIT).write_text(path.read_text())
    assert kept.Store(other).read(SPLIT) is None


def test_only_passes_are_kept_and_a_fresh_failure_forgets_the_pass(where, monkeypatch):
    r = check(where, monkeypatch, Judge(fail=[SPLIT.number])).results[SPLIT.number]
    assert r.state == "wrong" and kept.Store(where).read(SPLIT) is None
    check(where, monkeypatch, Judge())
    assert kept.Store(where).read(SPLIT) is not None
    fresh = Judge(fail=[SPLIT.number])  # FRESH=1: checked whatever the store says; it fails now: the pass goes
    r = check(where, monkeypatch, fresh, fresh=True).results[SPLIT.number]
    assert fresh.given == [SPLIT.number] and r.state == "wrong" and kept.Store(where).read(SPLIT) is None


def test_a_file_saved_while_the_checks_ran_is_not_kept(where, monkeypatch):
    path = where / f"{SPLIT.slug}.py"
    r = check(where, monkeypatch, Judge(during=lambda: path.write_text(path.read_text() + "\n# saved meanwhile\n")))
    assert r.results[SPLIT.number].state == "done" and kept.Store(where).read(SPLIT) is None


def test_make_check_runs_only_what_changed_and_shows_the_rest_from_the_store(where, monkeypatch):
    """Steps 1-10 passed; step 11 fails: make check (stop at the first not done) gives the judge the steps from 11
    on, none of 1-10."""
    last = len(steps())
    first = Judge(fail=range(11, last + 1))
    check(where, monkeypatch, first, only=steps(), stop=True)
    judge = Judge(fail=range(11, last + 1))
    report = check(where, monkeypatch, judge, only=steps(), stop=True)
    assert judge.given == list(range(11, last + 1))  # the stand-in does not stop; the real judge stops after step 11
    assert [r.step.number for r in report if r.kept] == list(range(1, 11))
    assert report.first_not_done().step.number == 11


def test_without_keep_nothing_is_read_or_written(where, monkeypatch):
    """`make grade` (and every other run without keep) checks afresh and keeps nothing."""
    check(where, monkeypatch, Judge())
    judge = Judge()
    monkeypatch.setattr(runner, "judge_run", judge)
    report = runner.run(target=str(where), only=[SPLIT])
    assert judge.given == [SPLIT.number] and not report.results[SPLIT.number].kept
    shutil.rmtree(kept.FOLDER)
    runner.run(target=str(where), only=[SPLIT])
    assert not kept.FOLDER.exists()


def test_the_kept_report_checks_nothing(where, monkeypatch):
    check(where, monkeypatch, Judge(), only=steps()[:3])
    monkeypatch.setattr(runner, "judge_run", None)  # calling it would fail
    report = runner.kept_report(str(where))
    assert [r.step.number for r in report if r.kept] == [1, 2, 3] and report.first_not_done().step.number == 4


def test_a_folder_too_big_to_read_is_checked_every_time(where, monkeypatch):
    deep = where.joinpath(*["d"] * (footprint.MAX_DEPTH + 2))
    deep.mkdir(parents=True)
    assert footprint.of(SPLIT, where) is None
    for _ in range(2):
        judge = Judge()
        r = check(where, monkeypatch, judge).results[SPLIT.number]
        assert judge.given == [SPLIT.number] and r.state == "done" and not r.kept
    assert not kept.Store(where).path(SPLIT).exists()


def test_entries_of_folders_that_are_gone_are_pruned(where, monkeypatch, tmp_path):
    other = tmp_path / "gone"
    shutil.copytree(where, other)
    check(other, monkeypatch, Judge())
    assert kept.Store(other).path(SPLIT).exists()
    shutil.rmtree(other)
    check(where, monkeypatch, Judge())
    assert not kept.Store(other).path(SPLIT).exists() and kept.Store(where).read(SPLIT) is not None


# --- calls stored by what decides their result (kata.judge.stored: step 14's training) ----------------------

class Learner:
    def __init__(self, folder, name="14_improve"):
        self.step, self.path, self.overrides = step(name.split("_", 1)[1]), Path(folder) / f"{name}.py", []


def test_a_stored_call_is_keyed_by_the_learners_code_and_inputs_not_by_messages(where, monkeypatch, tmp_path):
    from kata.judge import stored

    package = tmp_path / "pkg" / "kata"
    shutil.copytree(ROOT / "kata", package, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(footprint, "PACKAGE", package)
    call_dir = tmp_path / "call"
    (call_dir / "out").mkdir(parents=True)
    (call_dir / "args.json").write_text('{"args": [1]}')
    learner = Learner(where)

    def key():
        return stored.key(learner, "improve", call_dir, [], {"wall_seconds": 180}, "file", None)

    first = key()
    (call_dir / "out" / "result.json").write_text("{}")  # what came back is no input
    (package / "messages" / "en" / "14_improve.toml").write_text("# a message changed\n")
    (package / "judge" / "fitting.py").write_text("# the checks' side changed\n")
    assert key() == first, "a change that cannot change the call's result made it run again"
    changes = [lambda: (call_dir / "args.json").write_text('{"args": [2]}'),
               lambda: learner.path.write_text(learner.path.read_text() + "\n# edited\n"),
               lambda: (package / "learner" / "child.py").write_text("# the learner process changed\n"),
               lambda: monkeypatch.setattr(footprint.sys, "version", "3.99.0 (a newer Python)")]
    seen = {first}
    for n, change in enumerate(changes):
        change()
        assert key() not in seen, f"change {n} left the call's store name as it was"
        seen.add(key())


def test_a_stored_call_that_differs_from_its_record_is_not_used(monkeypatch, tmp_path):
    from kata.judge import stored

    monkeypatch.setenv("KATA_CACHE_DIR", str(tmp_path / "cache"))
    out = tmp_path / "out"
    out.mkdir()
    (out / "result.json").write_text('{"value": 1}')
    stored.write("call-x", out, "it printed this", 12.5)
    found = stored.read("call-x")
    assert found is not None and found[1]["output"] == "it printed this" and found[1]["seconds"] == 12.5
    entry = found[0]
    (entry / "result.json").write_text('{"value": 2}')
    assert stored.read("call-x") is None, "a changed file was used"
    stored.write("call-x", out, "", 1.0)
    (stored.read("call-x")[0] / "extra.npy").write_bytes(b"more")
    assert stored.read("call-x") is None, "an added file was used"
    stored.write("call-x", out, "", 1.0)
    (entry.parent / stored.RECORD).write_text("{")
    assert stored.read("call-x") is None, "a damaged record was used"
    assert stored.read("call-missing") is None


def test_a_call_asking_to_be_stored_runs_once_in_make_check_and_every_time_elsewhere(monkeypatch, tmp_path):
    from kata.judge import stored
    from kata.judge.checking import Learner as Code

    monkeypatch.setenv("KATA_CACHE_DIR", str(tmp_path / "cache"))
    folder = tmp_path / "mine"
    folder.mkdir()
    path = folder / "02_explore.py"
    path.write_text("import time\n\ndef count(xs):\n    print('counting')\n    return [len(xs), time.time_ns()]\n")
    code = Code(step("explore"), folder)

    def call(values):  # (the count, when it was made, what it printed)
        result = code.run("count", [values], stored=True)
        return result.value[0], result.value[1], result.output

    monkeypatch.setattr(stored, "ENABLED", False)  # make grade, the project's own tests: run every time
    assert call([1, 2, 3])[1] != call([1, 2, 3])[1]
    monkeypatch.setattr(stored, "ENABLED", True)
    n, made, printed = call([1, 2, 3])
    assert (n, printed) == (3, "counting")
    assert call([1, 2, 3]) == (3, made, "counting"), "the same call ran again"
    assert call([1, 2, 3, 4])[:2] != (3, made), "other inputs were served the stored result"
    path.write_text(path.read_text().replace("len(xs)", "len(xs) + 1"))
    assert call([1, 2, 3])[0] == 4, "an edited function was served the stored result"


def test_step_12_says_no_epochs_follow_only_when_its_training_is_stored(monkeypatch, tmp_path):
    from kata.judge.fitting import stored_already
    from kata.shared import cache, digest

    monkeypatch.setenv("KATA_CACHE_DIR", str(tmp_path))
    name = "fit-" + "a" * 32
    assert not stored_already(name)
    folder = cache.folder("learner")
    (folder / f"{name}.weights.h5").write_bytes(b"weights")
    cache.put_json(name, {"weights_sha256": digest.of_bytes(b"weights")}, folder)
    assert stored_already(name)
    (folder / f"{name}.weights.h5").write_bytes(b"other weights")
    assert not stored_already(name), "a damaged training is trained again: its epochs follow"
    assert not stored_already("../" + name) and not stored_already(None)
