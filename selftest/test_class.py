"""A class graded as one run, and in two shards then merged, end to end (SUBMISSIONS, SHARD, grade merge, RESUME,
grade prepare, KATA_PREPARED): the same rows and the same class files, whatever the copies are called.

The class: solved copies, known mistakes, two copies of one learner's own code (one disguised), and hostile copies
(a name with a newline, a name that is not UTF-8, learners named like the class's own files, folders too deep, no
exercises at all). Only steps 3 and 4 are graded: their checks need no training.
"""

from __future__ import annotations

import csv
import json
import os
import re
import shutil
from pathlib import Path

import pytest

from kata.cli import grade as grade_cli
from kata.judge import fingerprint, shards
from kata.judge.copies import safe_folder_name
from kata.manifest import ROOT, step

from selftest.test_grading import LEAKY
from selftest.test_shards import class_counts, recount
from selftest.test_similar import DISGUISED_DECODE, OWN_DECODE

pytestmark = pytest.mark.e2e

DECODE, PAD = step("decode"), step("pad")
STEPS = f"{DECODE.number},{PAD.number}"
CLASS_FILES = ("grades.csv", "summary.md", "class.md", "class.csv", "class.png", "similar.md")
MISTAKES = ROOT / "selftest" / "mistakes" / PAD.slug
CACHE = os.environ.get("KATA_CACHE_DIR") or str(ROOT / ".kata" / "cache")


@pytest.fixture(autouse=True)
def quiet(monkeypatch):
    for name in (*LEAKY, "SHARD", "RESUME", "KATA_PREPARED", "JOBS"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("KATA_CACHE_DIR", CACHE)


def copy(subs: Path, name, files: dict) -> Path:
    """A learner's folder: the stubs, with files (exercise name -> text or a Path to copy) in exercises/."""
    folder = subs / name if isinstance(name, str) else Path(os.fsdecode(os.fsencode(subs) + b"/" + name))
    shutil.copytree(ROOT / "exercises", folder / "exercises", ignore=shutil.ignore_patterns("__pycache__"))
    for target, source in files.items():
        text = source.read_text(encoding="utf-8") if isinstance(source, Path) else source
        (folder / "exercises" / target).write_text(text, encoding="utf-8")
    return folder


def make_class(subs: Path) -> None:
    solved = {DECODE.exercise().name: DECODE.solution(), PAD.exercise().name: PAD.solution()}
    copy(subs, "alice", solved)
    copy(subs, "carol", {DECODE.exercise().name: OWN_DECODE, PAD.exercise().name: MISTAKES / "pre.py"})
    copy(subs, "dan", {DECODE.exercise().name: DISGUISED_DECODE, PAD.exercise().name: MISTAKES / "maxlen.py"})
    odd = copy(subs, "évil\nname", solved)  # a newline in the name, and folders far too deep
    deep = odd / "exercises"
    for i in range(12):
        deep = deep / f"d{i}"
    deep.mkdir(parents=True)
    (deep / "x.py").write_text("print('deep')\n", encoding="utf-8")
    copy(subs, b"raw-\xff\xfe", {DECODE.exercise().name: DECODE.solution()})  # not UTF-8
    copy(subs, "grades.csv", {PAD.exercise().name: MISTAKES / "maxlen.py"})  # named like the class's files
    copy(subs, "shard-1-of-2", {})
    (subs / "empty").mkdir()  # no exercises/ at all: an error row, nothing more


def grade(*args) -> int:
    return grade_cli.main(["--steps", STEPS, *args])


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    """One run of the whole class (one/), and the class in two shards merged (merged/)."""
    base = tmp_path_factory.mktemp("class")
    subs = base / "submissions"
    subs.mkdir()
    make_class(subs)
    mp = pytest.MonkeyPatch()
    for name in (*LEAKY, "SHARD", "RESUME", "KATA_PREPARED", "JOBS"):
        mp.delenv(name, raising=False)
    mp.setenv("KATA_CACHE_DIR", CACHE)
    try:
        assert grade("--submissions", str(subs), "--out", str(base / "one")) == 0
        for i in (1, 2):
            assert grade("--submissions", str(subs), "--out", str(base / "merged"), "--shard", f"{i}/2") == 0
        assert grade_cli.main(["merge", "--out", str(base / "merged")]) == 0
    finally:
        mp.undo()
    return base


def without_timings(text: str) -> str:
    text = re.sub(r'"(duration|graded_at)": [^,\n]+', r'"\1": -', text)
    text = re.sub(r'(time|timestamp)="[^"]*"', r'\1="-"', text)
    return re.sub(r"graded \S+Z", "graded -", text)


def assert_same_class(one: Path, merged: Path) -> None:
    for name in CLASS_FILES:
        assert (one / name).read_bytes() == (merged / name).read_bytes(), name
    learners = sorted(p.name for p in one.iterdir() if p.is_dir())
    assert learners == sorted(p.name for p in merged.iterdir() if p.is_dir() and not shards.of_folder(p.name))
    for learner in learners:
        for report in sorted((one / learner).iterdir()):
            theirs = (merged / learner / report.name).read_text(encoding="utf-8")
            assert without_timings(report.read_text(encoding="utf-8")) == without_timings(theirs), (learner, report.name)


def test_two_shards_merged_are_one_run(graded):
    assert_same_class(graded / "one", graded / "merged")
    records = [shards.read(graded / "merged" / f"shard-{i}-of-2") for i in (1, 2)]
    assert all(r["finished"] for r in records) and sum(len(r["learners"]) for r in records) == 8
    assert records[0]["graded_with"] == records[1]["graded_with"]


def test_hostile_copies_cost_only_their_own_row(graded):
    rows = {r["learner"]: r for r in csv.DictReader(open(graded / "merged" / "grades.csv", encoding="utf-8"))}
    assert len(rows) == 8 and list(rows) == sorted(rows)
    assert float(rows["alice"]["score"]) == float(rows["évil\nname"]["score"]) == DECODE.points + PAD.points
    assert "more than 8 folders deep" in rows["évil\nname"]["flags"]
    assert float(rows["raw-\\xff\\xfe"][DECODE.slug]) == DECODE.points
    assert rows["grades.csv"]["status"] == "fail" and rows["shard-1-of-2"]["status"] == "fail"
    assert rows["empty"]["status"] == "error" and "no exercises/" in rows["empty"]["error"]
    for name, row in rows.items():
        if row["score"]:
            results = json.loads((graded / "merged" / safe_folder_name(name) / "results.json").read_text(encoding="utf-8"))
            assert results["grading"]["learner"] == name
            assert all("kata-copy-" not in (t["message"] or "") for t in results["tests"])  # no temporary paths


def test_the_class_report_counts_equal_the_copies(graded):
    out = graded / "merged"
    counts = class_counts(out)
    assert counts == recount(out)
    assert counts[(PAD.slug, "pad.maxlen")] == 2 and counts[(PAD.slug, "pad.knob.padding")] == 1
    text = (out / "class.md").read_text(encoding="utf-8")
    assert "### Teach this next" in text and "`pad.maxlen`" in text and "`pad.knob.padding`" in text


def test_the_copied_code_is_found(graded):
    text = (graded / "merged" / "similar.md").read_text(encoding="utf-8")
    table = text.split("| # |")[1].split("\n### ")[0]
    assert "| 1 | carol · dan |" in table and table.count(" · ") == 1, text
    assert fingerprint.read(graded / "merged" / "alice") is not None


def test_a_shard_resumes_where_it_stopped(graded, capsys):
    merged = graded / "merged"
    path = merged / "shard-1-of-2" / "grades.csv"
    rows = [r for r in csv.DictReader(open(path, encoding="utf-8"))]
    name = next(r["learner"] for r in rows if r["score"])
    with open(path, "w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(r for r in rows if r["learner"] != name)
    assert grade_cli.main(["merge", "--out", str(merged)]) == 2  # named, not merged as if complete
    assert "has no row for 1 of its" in capsys.readouterr().out
    code = grade("--submissions", str(graded / "submissions"), "--out", str(merged), "--shard", "1/2", "--resume")
    assert code == 0
    said = capsys.readouterr().out
    errors = sum(not r["score"] for r in rows)  # an error row is graded again, as RESUME=1 does in one run
    assert f"shard 1/2: {1 + errors} of the 8" in said and f"{len(rows) - 1 - errors} already graded" in said
    assert grade_cli.main(["merge", "--out", str(merged)]) == 0
    assert_same_class(graded / "one", merged)


def test_resume_refuses_a_shard_graded_with_other_steps(graded, capsys):
    code = grade_cli.main(["--steps", str(DECODE.number), "--submissions", str(graded / "submissions"),
                           "--out", str(graded / "merged"), "--shard", "2/2", "--resume"])
    assert code == 2 and "steps graded" in capsys.readouterr().err


def test_a_preparation_is_reused_and_a_changed_entry_made_again(tmp_path, monkeypatch, capsys):
    """grade prepare makes the judge's entries once, with the class's secret seed; a shard on a machine with an empty
    cache reuses them (the padded data is not made again; the same seed), and an entry changed since is refused,
    named, and made again."""
    subs = tmp_path / "submissions"
    subs.mkdir()
    copy(subs, "alice", {PAD.exercise().name: PAD.solution()})
    assert grade_cli.main(["prepare", "--out", str(tmp_path / "prepared"), "--steps", str(PAD.number)]) == 0
    manifest = json.loads((tmp_path / "prepared" / "manifest.json").read_text(encoding="utf-8"))
    padded = [n for n in manifest["files"] if n.startswith("judge/padded-")]
    assert padded and any(n.startswith("imdb-") for n in manifest["files"]), manifest["files"]
    seed = "judge/grading-seed.json"  # the class's secret seed: every shard compares with the one reference
    assert seed in manifest["files"], manifest["files"]
    for run, change in ((1, None), (2, padded[0])):
        if change:
            with open(tmp_path / "prepared" / change, "r+b") as f:
                f.seek(100)
                f.write(b"changed")
        monkeypatch.setenv("KATA_CACHE_DIR", str(tmp_path / f"cache{run}"))  # another machine: an empty cache
        monkeypatch.setenv("KATA_PREPARED", str(tmp_path / "prepared"))
        capsys.readouterr()
        code = grade_cli.main(["--steps", str(PAD.number), "--submissions", str(subs), "--out", str(tmp_path / "out"),
                               "--shard", "1/1"])
        said = capsys.readouterr().out
        assert code == 0, said
        total = len(manifest["files"])
        if change:
            assert f"{total - 1} of {total} entries reused; changed or missing, made again when needed: {change}" in said
        else:
            assert f"{total} of {total} entries reused." in said
        row = next(csv.DictReader(open(tmp_path / "out" / "shard-1-of-1" / "grades.csv", encoding="utf-8")))
        assert float(row[PAD.slug]) == PAD.points
        assert (tmp_path / f"cache{run}" / padded[0]).is_file()
        assert (tmp_path / f"cache{run}" / seed).read_bytes() == (tmp_path / "prepared" / seed).read_bytes()
