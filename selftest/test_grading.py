"""`make grade`, `make grade SUBMISSIONS=dir` and `make classroom OUT=dir`, tried as an instructor would.

Grading runs the checks in a subprocess (kata.judge.runner), so every test here starts at least one Python
process. To stay fast, only one test grades every step of the solutions (it trains, or reads the
trained model from .kata/cache); the others grade a few cheap steps. Nothing depends on how many steps
the kata has: the steps come from kata/steps.toml, and only steps with a check file are graded.
"""

from __future__ import annotations

import ast
import csv
import json
import os
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import jsonschema
import pytest

from kata.cli import grade as grade_cli
from kata.judge import integrity, reports, scoring
from kata.manifest import ROOT, steps

PY = sys.executable
SCHEMA = json.loads((ROOT / "docs" / "grading-schema.json").read_text(encoding="utf-8"))
CACHE = os.environ.get("KATA_CACHE_DIR") or str(ROOT / ".kata" / "cache")
# Variables a developer may have set that would change what a grading run does.
LEAKY = ("KATA_TARGET", "SUBMISSIONS", "MIN_SCORE", "KATA_EXTRA_TESTS", "STEP", "LEVEL", "VERBOSE", "OUT",
         "KATA_TIMEOUT_SCALE", "MAKEFLAGS", "MFLAGS", "MAKELEVEL", "KATA_LANG")


def graded_steps():
    """The steps that can be graded here: they have a stub, a check file and a solution."""
    return [s for s in steps() if s.test().exists() and s.exercise().exists() and s.solution().exists()]


def steps_arg(chosen) -> str:
    return ",".join(str(s.number) for s in chosen)


def clean_env(**extra) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in LEAKY}
    env.update(KATA_CACHE_DIR=CACHE, TF_CPP_MIN_LOG_LEVEL="3", **extra)
    return env


@pytest.fixture
def quiet_env(monkeypatch):
    for name in LEAKY:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("KATA_CACHE_DIR", CACHE)
    return monkeypatch


def validate(results: dict) -> dict:
    jsonschema.Draft202012Validator(SCHEMA).validate(results)
    # the totals are the sums GitHub Classroom's reporter computes
    assert round(sum(t["score"] for t in results["tests"]), 2) == results["score"]
    assert round(sum(s["max_score"] for s in results["steps"]), 2) == results["max_score"]
    for s in results["steps"]:
        mine = [t for t in results["tests"] if t["task_id"] == s["number"]]
        assert round(sum(t["max_score"] for t in mine), 2) == s["max_score"], s
        assert round(sum(t["score"] for t in mine), 2) == s["score"], s
    return results


def read_reports(folder: Path) -> tuple[dict, ET.Element, str]:
    """results.json (validated against docs/grading-schema.json), junit.xml (parsed), summary.md."""
    results = validate(json.loads((folder / "results.json").read_text(encoding="utf-8")))
    junit = ET.parse(folder / "junit.xml").getroot()
    assert junit.tag == "testsuites"
    cases = junit.findall("./testsuite/testcase")
    assert int(junit.get("tests")) == len(cases)
    assert len([c for c in cases if c.get("classname") != "imdb-kata.judge.integrity"]) == len(results["tests"])
    bad = [c for c in cases if c.find("failure") is not None or c.find("error") is not None]
    assert int(junit.get("failures")) + int(junit.get("errors")) == len(bad)
    summary = (folder / "summary.md").read_text(encoding="utf-8")
    assert f"{results['score']} / {results['max_score']} points" in summary
    return results, junit, summary


def by_step(results: dict) -> dict[int, dict]:
    return {s["number"]: s for s in results["steps"]}


def points(chosen) -> float:
    return sum(s.points for s in chosen)


def function_names(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [node.name for node in tree.body if isinstance(node, ast.FunctionDef) and not node.name.startswith("_")]


def write_variant(s, folder: Path, body: str) -> None:
    """exercises/NN_name.py whose every function (the solution's names) runs body."""
    lines = ["import time", ""]
    for name in function_names(s.solution()):
        lines += [f"def {name}(*args, **kwargs):", *[f"    {line}" for line in body.splitlines()], ""]
    (folder / s.exercise().name).write_text("\n".join(lines), encoding="utf-8")


# --- points and names -----------------------------------------------------------------------------

def test_shares_add_up_to_the_points():
    for pts in (5, 10, 15, 7.5):
        for n in range(1, 13):
            parts = scoring.shares(pts, n)
            assert sum(parts) == round(pts * 100) and max(parts) - min(parts) <= 1


def test_hidden_check_files_map_to_their_step():
    from kata.manifest import step_of_file

    first = steps()[0]
    assert step_of_file(f"test_{first.slug}.py") == first
    assert step_of_file(f"/somewhere/test_{first.slug}_hidden.py") == first
    assert step_of_file(f"test_{first.slug}x.py") is None
    assert step_of_file("test_99_nothing_hidden.py") is None


def test_schema_is_a_valid_json_schema():
    jsonschema.Draft202012Validator.check_schema(SCHEMA)


def _graded_with_marks(state: str, accuracy, outcome: str = "passed") -> scoring.Grade:
    """A made-up grade of every step with marks (kata/steps.toml): each done with one check, except its state."""
    marked = [s for s in steps() if s.marks]
    graded = []
    for s in marked:
        test = {"name": "test_x", "nodeid": "", "outcome": outcome, "kind": None, "key": None, "message": None,
                "cents": round(s.points * 100) if outcome == "passed" else 0, "max_cents": round(s.points * 100)}
        seen = {} if accuracy is None else {m.measure: accuracy for m in s.marks}
        graded.append(scoring.StepGrade(s, state, [test], seen=seen))
    return scoring.Grade(graded, integrity.Integrity(checked=False, basis="none"), "exercises")


@pytest.mark.skipif(not any(s.marks for s in steps()), reason="no step has marks")
def test_marks_are_reached_by_a_done_step_only_and_count_as_extra_credit():
    """A mark is reached when its step is done and the measured number is at least the mark; its extra points
    count apart from score and max_score; every report names the marks."""
    marks = [m for s in steps() for m in s.marks]
    lowest, highest = min(m.at for m in marks), max(m.at for m in marks)
    between = (lowest + highest) / 2 if lowest < highest else lowest
    g = _graded_with_marks("done", between)
    wanted = [m.at <= between for m in marks]
    assert [m["reached"] for m in g.marks] == wanted
    assert g.extra_score == scoring.num(sum(m.extra for m, ok in zip(marks, wanted) if ok))
    assert g.score == g.max_score  # extra credit never changes the steps' points
    results = validate(reports.results_json(g))
    assert [m["reached"] for m in results["marks"]] == wanted and results["extra_score"] == g.extra_score
    assert all(m["value"] == round(between, 4) for m in results["marks"])
    assert "Marks:" in reports.summary_md(g) and "Marks:" in reports.table(g)
    assert "✔" in reports.marks_text(g.marks)
    for state, value, outcome in (("wrong", highest + 0.01, "failed"), ("tampered", highest + 0.01, "passed"),
                                  ("done", lowest - 0.01, "passed"), ("done", None, "passed")):
        other = _graded_with_marks(state, value, outcome)
        assert not any(m["reached"] for m in other.marks) and other.extra_score == 0, (state, value)
        validate(reports.results_json(other))


# --- grading this repository: solutions, stubs, a mix ----------------------------------------------

CHEAP = ("plot", "split", "decode", "explore")  # their checks need no TensorFlow and little data (plot: none)


def cheap_steps():
    return sorted((s for s in graded_steps() if s.name in CHEAP), key=lambda s: CHEAP.index(s.name))


@pytest.mark.e2e
def test_solutions_get_full_marks(tmp_path, quiet_env):
    """The solutions through the whole grading path (runner, judge process, sandboxed learner processes),
    on the steps that need no TensorFlow. (Every step of the solutions passes: selftest/test_steps.py.)"""
    chosen = cheap_steps()
    code = grade_cli.main(["--target", "solutions", "--out", str(tmp_path), "--steps", steps_arg(chosen)])
    results, junit, summary = read_reports(tmp_path)
    assert code == 0, results["message"]
    assert results["status"] == "pass" and results["message"] is None
    assert results["score"] == results["max_score"] == points(chosen)
    assert all(s["status"] == "done" for s in results["steps"])
    assert all(t["status"] == "pass" and t["score"] == t["max_score"] > 0 for t in results["tests"])
    assert junit.get("failures") == "0" and junit.get("errors") == "0"


@pytest.mark.e2e
def test_untouched_stubs_get_zero(tmp_path, quiet_env, capsys):
    chosen = graded_steps()
    code = grade_cli.main(["--out", str(tmp_path), "--steps", steps_arg(chosen)])
    results, junit, summary = read_reports(tmp_path)
    assert code == 0, results["message"]  # grading ran: exit 0 whatever the score
    assert results["score"] == 0 and results["max_score"] == points(chosen)
    assert results["status"] == "fail"
    assert {s["status"] for s in results["steps"]} == {"not_started"}
    assert {t["status"] for t in results["tests"]} == {"fail"}
    out = capsys.readouterr().out
    assert "Total" in out and f"0/{scoring.num(points(chosen))}" in out


@pytest.mark.e2e
def test_a_mix_scores_exactly_the_solved_steps(tmp_path, quiet_env):
    """Some steps solved, one hanging (stopped by its time limit), one crashing: only the solved count."""
    available = graded_steps()
    cheap = cheap_steps()[:3]  # their checks need no TensorFlow
    others = sorted((s for s in available if s not in cheap), key=lambda s: (s.timeout, s.number))
    if len(cheap) < 2 or not others:
        pytest.skip("needs steps 1-2 or 1-3 and one more step with checks")
    solved, crashing, hanging = cheap[:-1], cheap[-1], others[0]
    folder = tmp_path / "exercises"
    shutil.copytree(ROOT / "exercises", folder)
    for s in solved:
        shutil.copy2(s.solution(), folder / s.exercise().name)
    write_variant(hanging, folder, "while True:\n    time.sleep(0.05)")
    write_variant(crashing, folder, "return 1 / 0")
    quiet_env.setenv("KATA_TIMEOUT_SCALE", str(round(4 / hanging.timeout, 4)))  # its limit: 4 s
    g = scoring.grade(str(folder), only=[*solved, crashing, hanging])
    reports.write_reports(g, tmp_path / "grade")
    results, _, _ = read_reports(tmp_path / "grade")
    assert results["score"] == points(solved), results["steps"]
    states = {s["number"]: s["status"] for s in results["steps"]}
    assert all(states[s.number] == "done" for s in solved)
    assert states[hanging.number] == "timeout"
    assert states[crashing.number] == "crashed"
    assert by_step(results)[hanging.number]["score"] == by_step(results)[crashing.number]["score"] == 0
    assert {t["status"] for t in results["tests"] if t["task_id"] in (hanging.number, crashing.number)} == {"error"}
    assert results["status"] == "fail" and results["message"] is None  # grading itself went fine


@pytest.mark.e2e
def test_hidden_checks_join_their_step(tmp_path, quiet_env):
    from kata.manifest import step

    first = step("decode")
    hidden = tmp_path / "hidden"
    hidden.mkdir()
    (hidden / f"test_{first.slug}_hidden.py").write_text(
        '"""An instructor\'s hidden checks for step 3."""\n'
        "from kata.judge.checking import expect\n\n\n"
        "def test_hidden_passes(learner):\n"
        '    """A hidden check the reference solution passes."""\n'
        "    expect(learner.call('make_reverse_index', {'film': 19}) == {19: 'film'}, 'reverse')\n\n\n"
        "def test_hidden_fails(learner):\n"
        '    """A hidden check nobody passes."""\n'
        "    learner.call('make_reverse_index', {'film': 19})\n"
        "    expect(False, 'reverse', got='x', expected='y')\n",
        encoding="utf-8")
    out = tmp_path / "grade"
    code = grade_cli.main(["--target", "solutions", "--steps", str(first.number), "--out", str(out), "--extra-tests", str(hidden)])
    assert code == 0
    results, _, _ = read_reports(out)
    mine = [t for t in results["tests"] if t["task_id"] == first.number]
    assert [t["hidden"] for t in mine].count(True) == 2
    failing = [t for t in mine if t["status"] != "pass"]
    assert len(failing) == 1 and failing[0]["hidden"] and failing[0]["key"] == f"{first.name}.reverse"
    assert results["score"] == first.points - failing[0]["max_score"]
    assert results["grading"]["hidden_check_files"] == 1
    # a file that names no step is refused before anything runs
    (hidden / "test_extra.py").write_text("def test_x():\n    pass\n", encoding="utf-8")
    assert grade_cli.main(["--target", "solutions", "--steps", str(first.number), "--out", str(out),
                         "--extra-tests", str(hidden)]) == 2


@pytest.mark.e2e
def test_min_score_and_exit_codes(tmp_path, quiet_env):
    first = cheap_steps()[0]
    out = str(tmp_path / "grade")
    number = str(first.number)
    assert grade_cli.main(["--target", "solutions", "--steps", number, "--out", out, "--min-score", str(first.points + 1)]) == 1
    quiet_env.setenv("MIN_SCORE", "100%")
    assert grade_cli.main(["--target", "solutions", "--steps", number, "--out", out]) == 0
    quiet_env.delenv("MIN_SCORE")
    # could not run: exit 2 and a sentence
    assert grade_cli.main(["--target", str(tmp_path / "nowhere"), "--out", out]) == 2
    assert grade_cli.main(["--steps", "99", "--out", out]) == 2
    assert grade_cli.main(["--min-score", "lots", "--out", out]) == 2


# --- the classroom template -----------------------------------------------------------------------

@pytest.fixture(scope="module")
def template(tmp_path_factory):  # used by end-to-end tests only
    out = tmp_path_factory.mktemp("classroom") / "imdb-kata"
    proc = subprocess.run([PY, "-m", "kata", "classroom", "--out", str(out)], cwd=ROOT, env=clean_env(),
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return out


def learner_copy(template: Path, dest: Path, solved=(), venv=True) -> Path:
    """A learner's clone of the template, some steps solved, with the current .venv standing in for `make install`."""
    shutil.copytree(template, dest, symlinks=True)
    for s in solved:
        shutil.copy2(s.solution(), dest / "exercises" / s.exercise().name)
    if venv:
        here = Path(sys.prefix)
        (dest / ".venv").mkdir()
        for name in ("bin", "lib", "include", "pyvenv.cfg"):
            if (here / name).exists():
                (dest / ".venv" / name).symlink_to(here / name)
        (dest / ".venv" / ".installed").touch()  # the Makefile's install stamp, newer than pyproject.toml
    return dest


def make_grade(copy: Path, *extra_args, **env):
    """`make grade` in the copy (or what it runs, `python -m kata grade`, with extra arguments)."""
    makefile = copy / "Makefile"
    has_target = makefile.exists() and "\ngrade:" in makefile.read_text(encoding="utf-8")
    if has_target and not extra_args and shutil.which("make"):
        cmd = ["make", "--no-print-directory", "grade"]
    else:
        python = copy / ".venv" / "bin" / "python"
        cmd = [str(python if python.exists() else PY), "-m", "kata", "grade", *extra_args]
    return subprocess.run(cmd, cwd=copy, env=clean_env(**env), capture_output=True, text=True, timeout=900)


@pytest.mark.e2e
def test_template_has_what_a_learner_needs_and_no_solutions(template):
    for name in ("exercises", "tests", "hints", "kata", "pyproject.toml", integrity.MANIFEST, ".github/workflows/grade.yml"):
        assert (template / name).exists(), name
    for name in ("Makefile", "README.md", "README.pt-BR.md"):
        assert (template / name).exists(), name
    assert not (template / ".ci" / "run").exists(), "the template's CI is its workflow; .ci/run runs the selftests"
    assert not (template / "solutions").exists() and not (template / "selftest").exists()
    assert not list(template.rglob("__pycache__"))
    for s in steps():
        if s.exercise().exists():
            assert s.exercise(template).read_bytes() == s.exercise().read_bytes()
    record = json.loads((template / integrity.MANIFEST).read_text(encoding="utf-8"))["files"]
    assert all(f"tests/{s.test().name}" in record for s in graded_steps())
    assert "kata/judge/plugin.py" in record and "pyproject.toml" in record
    assert integrity.verify(template).ok


@pytest.mark.e2e
def test_template_refuses_a_folder_in_use(template):
    proc = subprocess.run([PY, "-m", "kata", "classroom", "--out", str(template)], cwd=ROOT, env=clean_env(),
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 2 and "not empty" in proc.stderr


@pytest.mark.e2e
def test_an_edited_template_records_its_checksums_again(template, tmp_path):
    copy = learner_copy(template, tmp_path / "template", venv=False)
    with open(copy / "pyproject.toml", "a", encoding="utf-8") as f:
        f.write("\n# the instructor's own note\n")
    assert integrity.verify(copy).modified == ["pyproject.toml"]
    run = [PY, "-m", "kata", "classroom", "--checksums"]
    proc = subprocess.run(run, cwd=copy, env=clean_env(), capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0 and integrity.verify(copy).ok, proc.stdout + proc.stderr
    proc = subprocess.run(run, cwd=ROOT, env=clean_env(), capture_output=True, text=True, timeout=60)
    assert proc.returncode == 2 and not (ROOT / integrity.MANIFEST).exists()


@pytest.mark.e2e
def test_template_installs(template, tmp_path):
    """`pip install -e .` (what `make install` does) resolves offline, and a wheel carries the package data."""
    pip = [PY, "-m", "pip", "--disable-pip-version-check"]
    flags = ["--no-deps", "--no-build-isolation", "--no-index"]
    work = learner_copy(template, tmp_path / "copy", venv=False)
    proc = subprocess.run([*pip, "install", "--dry-run", *flags, "-e", str(work)], capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0 and "Would install imdb-kata" in proc.stdout, proc.stdout + proc.stderr
    proc = subprocess.run([*pip, "wheel", *flags, "-w", str(tmp_path / "wheel"), str(work)], capture_output=True, text=True,
                          timeout=300)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    names = zipfile.ZipFile(next((tmp_path / "wheel").glob("*.whl"))).namelist()
    for needed in ("kata/steps.toml", "kata/messages/en/common.toml", "kata/judge/plugin.py", "kata/datasets/imdb.py"):
        assert needed in names, f"{needed} is not in the wheel"


@pytest.mark.e2e
def test_template_grades_on_its_own(template, tmp_path):
    """`cd template && make grade` with two steps solved: their points, nothing else, all three reports."""
    solved = cheap_steps()[:2]
    copy = learner_copy(template, tmp_path / "learner", solved)
    proc = make_grade(copy)
    complete = all(s.test(copy).exists() for s in steps())
    assert proc.returncode == (0 if complete else 2), proc.stdout + proc.stderr
    results, junit, summary = read_reports(copy / "grade")
    assert results["score"] == points(solved)
    assert results["max_score"] == sum(s.points for s in steps())
    assert results["integrity"]["ok"] and results["integrity"]["basis"] == "checksums"
    assert junit.find("./testsuite[@name='integrity']/testcase/failure") is None
    assert "Total" in proc.stdout and "Integrity: ✔" in proc.stdout


@pytest.mark.e2e
def test_a_modified_check_is_reported_and_scores_zero(template, tmp_path):
    """A learner's own `make grade`: a check file edited to pass scores 0; a support file edited zeroes everything."""
    first, second = cheap_steps()[:2]
    copy = learner_copy(template, tmp_path / "learner", [second])
    first.test(copy).write_text("def test_everything():\n    assert True\n", encoding="utf-8")
    pair = f"{first.number},{second.number}"
    proc = make_grade(copy, "--steps", pair)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    results, junit, summary = read_reports(copy / "grade")
    rel = f"tests/{first.test().name}"
    assert by_step(results)[first.number]["status"] == "tampered" and by_step(results)[first.number]["score"] == 0
    assert by_step(results)[second.number]["status"] == "done" and by_step(results)[second.number]["score"] == second.points
    assert results["integrity"]["modified"] == [rel] and not results["integrity"]["ok"]
    assert rel in results["message"] and "INTEGRITY" in results["message"]
    assert rel in summary and "Integrity" in summary
    assert rel in proc.stdout and "⛔" in proc.stdout
    assert junit.find("./testsuite[@name='integrity']/testcase/failure") is not None
    # a file every check relies on: conftest.py at the top (pytest would load it)
    (copy / "conftest.py").write_text("# harmless, but not the template's\n", encoding="utf-8")
    proc = make_grade(copy, "--steps", pair)
    results, _, _ = read_reports(copy / "grade")
    assert results["score"] == 0 and {s["status"] for s in results["steps"]} == {"tampered"}
    assert results["integrity"]["added"] == ["conftest.py"]


# --- a folder of submissions ----------------------------------------------------------------------

FAKE_PASS = '''
print("tests/test_01_load.py::test_sizes PASSED")
print("============================== 4 passed in 0.12s ===============================")
print(\'{"tests": [{"step": 1, "outcome": "passed"}], "finished": true}\')


def {name}(*args, **kwargs):
    print("PASSED " * 20)
    print("4 passed, 0 failed")
    return ([], []), ([], [])
'''


@pytest.mark.e2e
def test_submissions_are_graded_with_the_pristine_checks(template, tmp_path, quiet_env, capsys):
    first = cheap_steps()[0]
    subs = tmp_path / "submissions"
    subs.mkdir()
    learner_copy(template, subs / "alice", [first], venv=False)
    # bob edits the checks to pass, edits the plugin, adds a conftest.py, and prints fake pytest output
    bob = learner_copy(template, subs / "bob", venv=False)
    first.test(bob).write_text("def test_everything():\n    assert True\n", encoding="utf-8")
    with open(bob / "kata" / "judge" / "plugin.py", "a", encoding="utf-8") as f:
        f.write("\n# every check passes, promise\n")
    (bob / "conftest.py").write_text("import pytest\n", encoding="utf-8")
    first.exercise(bob).write_text(FAKE_PASS.replace("{name}", function_names(first.solution())[0]), encoding="utf-8")
    (subs / "carol").mkdir()  # submitted nothing
    (subs / "dave").mkdir()  # an unzipped repository: the copy sits one folder deeper
    learner_copy(template, subs / "dave" / "imdb-kata-dave", [first], venv=False)
    before = integrity.snapshot(ROOT)

    out = tmp_path / "grade"
    code = grade_cli.main(["--submissions", str(subs), "--out", str(out), "--steps", str(first.number)])
    assert code == 0, capsys.readouterr().out
    rows = {r["learner"]: r for r in csv.DictReader(open(out / "grades.csv", encoding="utf-8"))}
    assert list(rows) == ["alice", "bob", "carol", "dave"]
    assert list(next(iter(rows.values())))[:3] == ["learner", first.slug, "score"]
    assert {"marks", "extra_score", "challenge_accuracy"} <= set(next(iter(rows.values())))
    assert float(rows["alice"]["score"]) == float(rows["dave"]["score"]) == first.points
    assert float(rows["bob"]["score"]) == 0 and float(rows["bob"][first.slug]) == 0
    for name in (f"tests/{first.test().name}", "kata/judge/plugin.py", "conftest.py"):
        assert name in rows["bob"]["integrity"]
    assert rows["alice"]["integrity"] == "ok"
    assert rows["carol"]["status"] == "error" and rows["carol"]["score"] == ""
    for name in ("alice", "bob", "dave"):
        read_reports(out / name)
    bob_results = json.loads((out / "bob" / "results.json").read_text(encoding="utf-8"))
    assert bob_results["integrity"]["basis"] == "pristine" and not bob_results["integrity"]["ok"]
    assert "pristine" in bob_results["message"]
    assert {t["status"] for t in bob_results["tests"]} == {"fail"}
    assert integrity.snapshot(ROOT) == before  # the instructor's checks are untouched
    summary = (out / "summary.md").read_text(encoding="utf-8")
    assert "alice" in summary and "bob" in summary and "⛔" in summary


EPOCHS_39 = """
def train(model, partial_x_train, partial_y_train, x_val, y_val):
    return model.fit(partial_x_train, partial_y_train, epochs=39, batch_size=512, validation_data=(x_val, y_val))
"""
LIAR = """
def train(model, partial_x_train, partial_y_train, x_val, y_val):
    watch = model.watch
    model.watch = lambda m, name, arguments: watch(m, name, {**arguments, "epochs": 40})  # says 40 ...
    return model.fit(partial_x_train, partial_y_train, epochs=4, batch_size=512, validation_data=(x_val, y_val))  # ... trains 4
"""


@pytest.mark.e2e
def test_a_batch_judges_step_8_by_its_own_training(template, tmp_path, quiet_env, capsys):
    """Step 8 in a SUBMISSIONS batch: each copy trains in its own sandbox, from a model seeded with the class's
    secret seed, and the judge compares the weights with its own training of that model (once for the class).
    Alice's solution gets every point; Bob's 39 epochs fail before any training; Carol's fit that says 40 epochs
    and trains 4 is named by its weights."""
    train = next(s for s in steps() if s.slug == "08_train")
    subs = tmp_path / "submissions"
    subs.mkdir()
    for name, source in (("alice", train.solution().read_text(encoding="utf-8")), ("bob", EPOCHS_39), ("carol", LIAR)):
        copy = learner_copy(template, subs / name, venv=False)
        train.exercise(copy).write_text(source, encoding="utf-8")
    out = tmp_path / "grade"
    code = grade_cli.main(["--submissions", str(subs), "--out", str(out), "--steps", str(train.number)])
    assert code == 0, capsys.readouterr().out
    rows = {r["learner"]: r for r in csv.DictReader(open(out / "grades.csv", encoding="utf-8"))}
    assert float(rows["alice"][train.slug]) == train.points, rows["alice"]
    keys = {name: {t["key"] for t in json.loads((out / name / "results.json").read_text(encoding="utf-8"))["tests"]}
            for name in ("bob", "carol")}
    assert "train.knob.epochs" in keys["bob"] and "train.other_epochs" in keys["carol"], keys
    assert float(rows["carol"][train.slug]) < train.points / 2, rows["carol"]


# --- the CI workflow ------------------------------------------------------------------------------

def test_workflow_grades_and_publishes():
    text = (ROOT / ".github" / "workflows" / "grade.yml").read_text(encoding="utf-8")
    for needed in ('python-version: "3.11"', "make install", "make grade", "grade/summary.md",
                   "$GITHUB_STEP_SUMMARY", "mikepenz/action-junit-report", "grade/junit.xml",
                   "actions/upload-artifact", "path: grade/", "autograding-grading-reporter", "MIN_SCORE"):
        assert needed in text, needed


def test_each_copy_starts_with_its_own_copy_of_the_prepared_data(tmp_path):
    """A batch prepares the post's data once (the kata's loader, in a process of its own); each copy's cache
    starts with a copy of it (what one copy writes there never reaches the batch's or another's), and
    step 1 then reads it warm: the same arrays load_data gives."""
    from kata.datasets import imdb
    from kata.judge import batch

    prepared = batch.prepared_data(tmp_path / "data")
    assert [p.name for p in prepared] and all(p.name.startswith("imdb-") for p in prepared)
    envs = []
    for name in ("a", "b"):
        (tmp_path / name).mkdir()
        envs.append(batch._environment(tmp_path / name, tmp_path / name / "exercises", True, 1, prepared))
    given = [Path(env["KATA_SANDBOX_SCRATCH"]) / "cache" / prepared[0].name for env in envs]
    assert all(g.read_bytes() == prepared[0].read_bytes() for g in given)
    given[0].write_bytes(b"a copy's own writing")
    assert given[1].read_bytes() == prepared[0].read_bytes() != b"a copy's own writing"
    saved = os.environ.get("KATA_CACHE_DIR")
    os.environ["KATA_CACHE_DIR"] = str(given[1].parent)
    try:
        (x, y), (xt, yt) = imdb.load_data(num_words=10000)
    finally:
        if saved is None:
            os.environ.pop("KATA_CACHE_DIR")
        else:
            os.environ["KATA_CACHE_DIR"] = saved
    assert len(x) == len(xt) == 25000 and x[0][:3] == [1, 14, 22] and int(yt.sum()) == 12500
    assert sorted(p.name for p in given[1].parent.iterdir() if p.suffix == ".npz") == [prepared[0].name]  # read, not made again
