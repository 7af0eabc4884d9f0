"""The learner's commands in this process, on reports made here (test_cli.py runs them as processes, end to end):
what `make check` shows of steps kept as passed, `make hint` and `make watch` working from the store, `make reset`
and the hints, `make try` on words the model does not know, the options each command lists."""

from __future__ import annotations

import os
import subprocess
import sys
from types import SimpleNamespace

import pytest

from kata.cli import check as check_cmd
from kata.cli import state
from kata.judge import runner
from kata.manifest import ROOT, step, steps

N = len(steps())  # "Step 4/14": the manifest says how many
SEEN = {4: {"train_shape": "(25000, 256)", "test_shape": "(25000, 256)", "tail": "[5, 0, 0]"},
        7: {"train_rows": 15000, "val_rows": 10000}}


def result(number, state="done", kept=False, printed=""):
    tests = [{"event": "test", "step": number, "outcome": "passed" if state == "done" else "failed", "kind": state,
              "message": "Not right: the padding goes at the end.", "name": "t", "nodeid": "t"}]
    return runner.StepResult(step(number), tests, state, 1, dict(SEEN.get(number, {})), printed, kept)


def report(states: dict):
    return runner.Report({s.number: result(s.number, *states.get(s.number, ("unknown",))) for s in steps()})


@pytest.fixture
def home(tmp_path, monkeypatch):
    """The learner's remembered state in a folder of this test's own."""
    monkeypatch.setattr(state, "STATE_FILE", tmp_path / "state.json")
    monkeypatch.setattr(check_cmd, "terminal", lambda: None)
    return tmp_path


def args(**values):
    return SimpleNamespace(**{"step": None, "target": "exercises", "verbose": False, "fresh": False, **values})


def run_check(monkeypatch, capsys, made, **kwargs):
    calls = []

    def fake_run(**given):
        calls.append(given)
        return made

    monkeypatch.setattr(runner, "run", fake_run)
    code = check_cmd.cmd_check(args(**kwargs))
    return code, capsys.readouterr().out, calls


def test_a_solved_unchanged_kata_shows_every_step_in_one_line_and_replays_nothing(home, monkeypatch, capsys):
    done = report({n: ("done", True, f"printed by step {n}: its model.summary()\n") for n in range(1, N + 1)})
    code, out, calls = run_check(monkeypatch, capsys, done)
    assert code == 0 and calls[0]["keep"] is True and calls[0]["fresh"] is False
    assert f"Steps 1-{N} are unchanged since they passed" in out and "FRESH=1" in out
    assert "printed by step" not in out and "Padded: training" not in out  # no replay: the card only
    assert "padded shape: (25000, 256)" in out and f"All {N} steps pass" in out


def test_fresh_asks_the_runner_to_check_every_step(home, monkeypatch, capsys):
    _, _, calls = run_check(monkeypatch, capsys, report({n: ("done",) for n in range(1, N + 1)}), fresh=True)
    assert calls[0]["fresh"] is True


def test_a_newly_passed_step_shows_its_numbers_once(home, monkeypatch, capsys):
    states = {**{n: ("done", True) for n in (1, 2, 3, 5, 6)}, 4: ("done", False), 7: ("wrong",)}
    _, out, _ = run_check(monkeypatch, capsys, report(states))
    assert "Padded: training (25000, 256)" in out and "Steps 1-3, 5-6 are unchanged" in out
    assert f"Step 7/{N} · Hold out a validation set: not right yet" in out
    _, out, _ = run_check(monkeypatch, capsys, report({**states, 4: ("done", True)}))
    assert "Padded: training" not in out, "shown again"


def test_check_step_n_shows_a_kept_step_with_what_it_printed_when_it_passed(home, monkeypatch, capsys):
    made = report({4: ("done", True, "  │ padded the reviews\n")})
    code, out, _ = run_check(monkeypatch, capsys, made, step="4")
    assert code == 0 and f"Step 4/{N} · Pad the reviews to 256 tokens: done" in out
    assert "Unchanged since it passed" in out and "STEP=4 FRESH=1" in out
    assert "What it printed when it passed:" in out and "│ padded the reviews" in out
    assert "Padded: training (25000, 256)" in out
    _, out, _ = run_check(monkeypatch, capsys, report({4: ("done", False, "  │ padded the reviews\n")}), step="4")
    assert "What it printed" not in out and "Padded: training" in out  # just checked: it printed as it ran


def test_fresh_comes_from_the_environment_as_make_passes_it(monkeypatch):
    from kata.cli import parser

    monkeypatch.setenv("FRESH", "1")
    assert parser().parse_args(["check"]).fresh is True
    monkeypatch.delenv("FRESH")
    assert parser().parse_args(["check"]).fresh is False


MADE_AND_CHECKED = """
import contextlib, io, shutil, sys
from pathlib import Path
from kata.cli import main, state
from kata.judge import kept
from kata.manifest import ROOT, steps
tmp = Path(sys.argv[1])
state.STATE_FILE, kept.FOLDER = tmp / "state.json", tmp / "passed"
shutil.copytree(ROOT / "solutions", tmp / "mine")
store = kept.Store(tmp / "mine")
for s in steps():  # every step passed, as a check keeps it
    store.write(s, store.footprint(s), [{"event": "test", "step": s.number, "outcome": "passed"}], {}, "")
out = io.StringIO()
with contextlib.redirect_stdout(out):
    code = main(["check", "--target", str(tmp / "mine")])
print(code, "unchanged since they passed" in out.getvalue(),
      sorted(m for m in ("tensorflow", "keras", "pytest", "kata.judge.plugin") if m in sys.modules))
"""


def test_check_of_a_solved_unchanged_kata_imports_neither_tensorflow_nor_the_judge(tmp_path):
    env = {**os.environ, "PYTHONPATH": str(ROOT), "KATA_CACHE_DIR": str(tmp_path / "cache")}
    done = subprocess.run([sys.executable, "-c", MADE_AND_CHECKED, str(tmp_path)], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.stdout.strip().splitlines()[-1:] == ["0 True []"], done.stdout + done.stderr


def test_hint_reads_the_store_and_checks_nothing(home, monkeypatch, capsys):
    from kata.cli import hints

    monkeypatch.setattr(runner, "run", None)  # checking would fail
    monkeypatch.setattr(runner, "kept_report", lambda target: report({n: ("done", True) for n in range(1, 11)}))
    assert hints.current_step().number == 11
    hints.cmd_hint(args(level=None))
    assert "Hint 1 of 3 for step 11" in capsys.readouterr().out
    monkeypatch.setattr(runner, "kept_report", lambda target: report({n: ("done", True) for n in range(1, N + 1)}))
    assert hints.current_step().number == N


def test_hint_imports_neither_tensorflow_nor_the_judge(tmp_path):
    """Nothing heavy on the way to a hint: no TensorFlow, no pytest, no check (its time is in make bench)."""
    code = ("import sys, io, contextlib\nfrom pathlib import Path\nfrom kata.cli import main, state\n"
            f"state.STATE_FILE = Path({str(tmp_path / 's.json')!r})\n"
            "with contextlib.redirect_stdout(io.StringIO()):\n    main(['hint', '--step', '4'])\n    main(['hint'])\n"
            "print(sorted(m for m in ('tensorflow', 'keras', 'pytest', 'kata.judge.plugin') if m in sys.modules))")
    env = {**os.environ, "PYTHONPATH": str(ROOT), "KATA_CACHE_DIR": str(tmp_path)}
    done = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120)
    assert done.stdout.strip().splitlines()[-1] == "[]", done.stdout + done.stderr


def test_reset_starts_the_step_at_its_first_hint_again(home, monkeypatch, capsys):
    from kata.cli import reset

    state.save({"hints": {"pad": 3, "split": 2}})
    monkeypatch.setattr(reset, "stub_text", lambda s: "def pad_reviews(train, test):\n    raise NotImplementedError\n")
    monkeypatch.setattr(reset, "_back_up", lambda s: None)
    target = home / "04_pad.py"
    target.write_text("def pad_reviews(train, test):\n    return train, test\n")
    assert reset._reset(step("pad"), target) == 0
    assert state.load()["hints"] == {"split": 2} and "first" in capsys.readouterr().out


def test_every_command_lists_its_options():
    from kata.cli import parser

    commands = parser()._subparsers._group_actions[0].choices
    hint = commands["hint"].format_help()
    assert "--level" in hint and "--step" in hint and "LEVEL=k" in hint
    check = commands["check"].format_help()
    assert "--fresh" in check and "FRESH=1" in check and "--step" in check
    assert "--undo" in commands["reset"].format_help()


def test_try_does_not_score_a_review_with_no_word_the_model_knows(monkeypatch, capsys):
    from kata.cli import tryout
    from kata.judge import checking, oracle

    monkeypatch.setattr(oracle, "trained_weights_ready", lambda: True)
    monkeypatch.setattr(oracle, "word_index", lambda: {"good": 49, "film": 19})
    calls = []
    monkeypatch.setattr(checking.Learner, "call", lambda self, name, *a: calls.append(name) or (0.9 if name ==
                        "predict_sentiment" else [1, 52, 22]))
    assert tryout.cmd_try(SimpleNamespace(text=["zzqx blorfed"], target="exercises")) == 0
    out = capsys.readouterr().out
    assert "cannot judge" in out and "positive" not in out and "negative" not in out and calls == []
    tryout.cmd_try(SimpleNamespace(text=["good film"], target="exercises"))
    assert "0.900  positive" in capsys.readouterr().out and calls == ["predict_sentiment", "encode_review"]


def test_watch_rechecks_the_saved_step_and_those_a_saved_file_changed(monkeypatch):
    from kata.cli import watch

    kept_now = set(range(1, 11))
    monkeypatch.setattr(watch, "_kept", lambda target: kept_now)
    saved = [str(ROOT / "exercises" / "11_predict.py")]
    assert [s.number for s in watch.to_recheck(saved, set(range(1, 11)))] == [11]
    kept_now = set(range(1, 11)) - {4}
    assert [s.number for s in watch.to_recheck([str(ROOT / "exercises" / "04_pad.py")], set(range(1, 11)))] == [4]
    kept_now = set()  # a helper every step may use was saved: every step it changed
    assert [s.number for s in watch.to_recheck([str(ROOT / "exercises" / "helpers.py")], set(range(1, 11)))] == \
        list(range(1, 11))


def test_watch_shows_the_saved_step_then_where_the_learner_stands(home, monkeypatch, capsys):
    from kata.cli import watch

    monkeypatch.setattr(runner, "run", lambda **given: runner.Report({4: result(4)}))
    monkeypatch.setattr(runner, "kept_report", lambda target: report({n: ("done", True) for n in range(1, 11)
                                                                    if n != 4}))
    assert watch.recheck(args(), [step(4)]) == 1
    out = capsys.readouterr().out
    assert f"Step 4/{N} · Pad the reviews to 256 tokens: done" in out and "Padded: training" in out
    assert check_cmd.bar(10, N) in out and "4✔" in out and f"Next: Step 11/{N} · Predict on new reviews" in out


def test_the_notebook_shows_the_numbers_the_terminal_shows(home):
    from kata.notebook import process

    lines = process.shown(report({4: ("done", True)}), [step(4)], "exercises", "en")
    assert any("Unchanged since it passed" in text and "kata.check(4, fresh=True)" in text for _, text in lines)
    assert any("Padded: training (25000, 256)" in text for _, text in lines)
    done = report({n: ("done", n != 7) for n in range(1, N + 1)})
    lines = process.shown(done, None, "exercises", "en")
    texts = [text for _, text in lines]
    assert any(f"Steps 1-6, 8-{N} are unchanged" in t for t in texts) and any("Training on 15,000" in t for t in texts)
    assert any("padded shape" in t for t in texts), "the report card"
