"""A class at any size, without grading anything: which shard a copy belongs to, what the merge refuses and names,
the class report's counts, and KATA_PREPARED's checks (kata.judge.shards, merge, classreport, prepared).

The shards here are written by hand, the way a shard's run writes them (shard.json, grades.csv, a folder per
learner with its results.json); the end-to-end runs are in selftest/test_class.py.
"""

from __future__ import annotations

import csv
import hashlib
import json
import random
import re
from pathlib import Path

import pytest

from kata.judge import classreport, heatmap, merge, prepared, shards
from kata.judge.classfiles import columns, write_rows
from kata.judge.copies import safe_folder_name
from kata.judge.scoring import GradingError
from kata.manifest import step

WANTED = [step("decode"), step("pad")]


# --- which shard a copy belongs to ------------------------------------------------------------------------------

def test_a_copy_keeps_its_shard_when_copies_are_added():
    rng = random.Random(7)
    names = [f"learner-{rng.randrange(10 ** 9)}" for _ in range(300)]
    before = {n: shards.shard_of(n, 8) for n in names}
    more = names + [f"late-{i}" for i in range(200)]
    rng.shuffle(more)  # another order of the folder: the same split
    after = {n: shards.shard_of(n, 8) for n in more}
    assert all(after[n] == before[n] for n in names)
    sizes = [sum(1 for v in after.values() if v == i) for i in range(1, 9)]
    assert min(sizes) > 30, sizes  # 500 copies: about 62 each


def test_the_split_is_the_documented_one():
    """1 + (the first 8 bytes of SHA-256 of the folder name, big-endian) mod N: docs/grading.md says so."""
    for name in ("alice", "bob", "José da Silva", "a\nb"):
        value = int.from_bytes(hashlib.sha256(name.encode()).digest()[:8], "big")
        assert shards.shard_of(name, 7) == 1 + value % 7
    assert {shards.shard_of(f"x{i}", 1) for i in range(50)} == {1}


@pytest.mark.parametrize("spec", ["0/4", "5/4", "4", "a/b", "1/0", "1/100001", "-1/4", ""])
def test_a_bad_shard_is_refused_with_a_sentence(spec):
    with pytest.raises(GradingError, match="i/N"):
        shards.parse(spec)


def test_a_shard_is_parsed_and_named():
    s = shards.parse(" 2 / 4 ")
    assert (s.index, s.count, s.folder, s.spec) == (2, 4, "shard-2-of-4", "2/4")
    assert shards.of_folder("shard-2-of-4") == s and shards.of_folder("shard-5-of-4") is None
    assert shards.of_folder("alice") is None


def test_report_folders_are_distinct_and_never_a_class_file():
    names = ["alice", "a b", "a_b", "grades.csv", "Class.md", "shard-1-of-2", "..", "_a_b", "", "x" * 300, "a/b",
             "\\xff\\xfe"]
    folders = [safe_folder_name(n) for n in names]
    assert len(set(folders)) == len(names), folders
    assert folders[0] == "alice" and folders[2] == "a_b"
    for f in folders[3:]:
        assert f.startswith("_") and len(f) <= 100 and "/" not in f and shards.of_folder(f) is None


# --- shards written as a run writes them ------------------------------------------------------------------------

def names_of(shard: shards.Shard, count: int, prefix: str = "learner") -> list[str]:
    found, i = [], 0
    while len(found) < count:
        name = f"{prefix}{i}"
        if shard.holds(name):
            found.append(name)
        i += 1
    return found


def results(slug_states: dict, failures: dict) -> dict:
    """A results.json: slug -> step state; failures: slug -> [(check, key, kind, message)] (others pass)."""
    tests = []
    for slug, state in slug_states.items():
        for check, key, kind, message in failures.get(slug, []):
            tests.append({"step": slug, "check": check, "status": "fail", "kind": kind, "key": key, "message": message,
                          "hidden": False})
        tests.append({"step": slug, "check": "test_passes", "status": "fail" if state == "not_started" else "pass",
                      "kind": "not_started" if state == "not_started" else None, "key": None, "message": None,
                      "hidden": False})
    return {"tests": tests, "steps": [{"slug": slug, "status": state} for slug, state in slug_states.items()]}


def fake_shard(out: Path, shard: shards.Shard, names: list[str], with_=None, whole=None, rows=True) -> Path:
    folder = out / shard.folder
    folder.mkdir(parents=True)
    with_ = with_ or shards.graded_with(WANTED, [])
    shards.write(folder, shards.record(shard, with_, whole or {"copies": 12, "names": "x"},
                                       [(n, safe_folder_name(n)) for n in names], finished=True))
    graded = names if rows is True else names[:rows]
    table = []
    for i, name in enumerate(graded):
        wrong = i % 2 == 0
        states = {"03_decode": "done", "04_pad": "wrong" if wrong else "not_started"}
        failures = {"04_pad": [("test_shape", "pad.maxlen", "wrong", "rows of 2494 ids"),
                               ("test_types", "pad.maxlen", "wrong", "again")] if wrong else []}
        (folder / safe_folder_name(name)).mkdir()
        (folder / safe_folder_name(name) / "results.json").write_text(json.dumps(results(states, failures)))
        table.append({"learner": name, "03_decode": 10, "04_pad": 0, "score": 10, "max_score": 20, "status": "fail",
                      "integrity": "ok", "flags": "", "sandbox": "strict", "error": ""})
    write_rows(folder / "grades.csv", table, columns(WANTED))
    return folder


def test_shards_merge_into_the_class_files(tmp_path, capsys):
    one, two = shards.Shard(1, 2), shards.Shard(2, 2)
    fake_shard(tmp_path, one, names_of(one, 3))
    fake_shard(tmp_path, two, names_of(two, 2))
    assert merge.merge(tmp_path, []) == 0
    rows = list(csv.DictReader(open(tmp_path / "grades.csv", encoding="utf-8")))
    assert [r["learner"] for r in rows] == sorted(names_of(one, 3) + names_of(two, 2))
    for name in [r["learner"] for r in rows]:
        assert (tmp_path / safe_folder_name(name) / "results.json").is_file()
    for name in ("summary.md", "class.md", "class.csv", "class.png", "similar.md"):
        assert (tmp_path / name).is_file(), name
    assert "Merged 2 of 2 shard(s): 5 learner(s)" in capsys.readouterr().out


def test_a_missing_shard_is_named(tmp_path, capsys):
    first, third = shards.Shard(1, 3), shards.Shard(3, 3)
    fake_shard(tmp_path, first, names_of(first, 2))
    fake_shard(tmp_path, third, names_of(third, 2))
    assert merge.merge(tmp_path, []) == 2  # merged, and not complete
    said = capsys.readouterr().out
    assert "shard 2 of 3 is missing" in said and "SHARD=2/3" in said
    summary = (tmp_path / "summary.md").read_text(encoding="utf-8")
    assert "shard 2 of 3 is missing" in summary
    assert len(list(csv.DictReader(open(tmp_path / "grades.csv", encoding="utf-8")))) == 4


def test_a_shard_that_stopped_early_is_named(tmp_path, capsys):
    only = shards.Shard(1, 1)
    fake_shard(tmp_path, only, names_of(only, 4), rows=3)
    assert merge.merge(tmp_path, []) == 2
    assert "shard 1 of 1 has no row for 1 of its 4 learner(s)" in capsys.readouterr().out


@pytest.mark.parametrize("what, words", [("checks", "checks"), ("hidden", "hidden checks"), ("kata", "the kata"),
                                         ("environment", "TensorFlow"), ("steps", "steps graded")])
def test_merge_refuses_shards_graded_differently(tmp_path, what, words):
    one, two = shards.Shard(1, 2), shards.Shard(2, 2)
    fake_shard(tmp_path, one, names_of(one, 2))
    other = shards.graded_with(WANTED, [])
    other[what] = {"tensorflow": "2.0.0"} if what == "environment" else ["01_load"] if what == "steps" else "another"
    fake_shard(tmp_path, two, names_of(two, 2), with_=other)
    with pytest.raises(GradingError, match=words):
        merge.merge(tmp_path, [])
    assert not (tmp_path / "grades.csv").exists()  # nothing merged


def test_merge_refuses_other_splits_classes_and_katas(tmp_path):
    fake_shard(tmp_path / "a", shards.Shard(1, 2), names_of(shards.Shard(1, 2), 1))
    fake_shard(tmp_path / "a", shards.Shard(1, 3), names_of(shards.Shard(1, 3), 1))
    with pytest.raises(GradingError, match="one split"):
        merge.merge(tmp_path / "a", [])
    fake_shard(tmp_path / "b", shards.Shard(1, 2), names_of(shards.Shard(1, 2), 1))
    fake_shard(tmp_path / "b", shards.Shard(2, 2), names_of(shards.Shard(2, 2), 1), whole={"copies": 13, "names": "y"})
    with pytest.raises(GradingError, match="different classes"):
        merge.merge(tmp_path / "b", [])
    other = {**shards.graded_with(WANTED, []), "kata": "another", "checks": "another"}
    fake_shard(tmp_path / "c", shards.Shard(1, 1), names_of(shards.Shard(1, 1), 1), with_=other)
    with pytest.raises(GradingError, match="another kata than this one"):
        merge.merge(tmp_path / "c", [])
    with pytest.raises(GradingError, match="no shard folders"):
        merge.merge(tmp_path / "nothing", [])


def test_merge_refuses_a_record_that_lists_another_shards_learner(tmp_path):
    one = shards.Shard(1, 2)
    fake_shard(tmp_path, one, names_of(shards.Shard(2, 2), 1))
    with pytest.raises(GradingError, match="other shards"):
        merge.merge(tmp_path, [])


# --- what the class misunderstood -------------------------------------------------------------------------------

def recount(out: Path) -> dict:
    """Per (slug, mistake): the learners whose results.json has a failed check with it, counted here directly."""
    found: dict = {}
    for row in csv.DictReader(open(out / "grades.csv", encoding="utf-8")):
        path = out / safe_folder_name(row["learner"]) / "results.json"
        if not row["score"] or not path.is_file():
            continue
        data = json.loads(path.read_text(encoding="utf-8"))
        states = {s["slug"]: s["status"] for s in data["steps"]}
        mine = {(t["step"], t["key"] or t["kind"]) for t in data["tests"] if t["status"] != "pass"
                and t["kind"] not in ("not_started", "unchecked") and states.get(t["step"]) not in
                ("not_started", "tampered", "missing", "unknown", "unchecked")}
        for pair in mine:
            found[pair] = found.get(pair, 0) + 1
    return found


def class_counts(out: Path) -> dict:
    return {(r["slug"], r["mistake"]): int(r["learners"]) for r in csv.DictReader(open(out / "class.csv", encoding="utf-8"))
            if r["mistake"]}


def test_the_class_report_counts_what_the_copies_say(tmp_path):
    only = shards.Shard(1, 1)
    fake_shard(tmp_path, only, names_of(only, 5))
    merge.merge(tmp_path, [])
    assert class_counts(tmp_path) == recount(tmp_path) == {("04_pad", "pad.maxlen"): 3}
    rows = {r["slug"]: r for r in csv.DictReader(open(tmp_path / "class.csv", encoding="utf-8"))}
    assert (rows["04_pad"]["failed_checks"], rows["04_pad"]["step_started"], rows["04_pad"]["step_passed"]) == ("6", "3", "0")
    assert (rows["03_decode"]["step_graded"], rows["03_decode"]["step_passed"]) == ("5", "5")
    text = (tmp_path / "class.md").read_text(encoding="utf-8")
    assert "`pad.maxlen`**, 3 of 3 (100 %)" in text  # teach this next, with the kata's own words
    assert "Pass maxlen=256" in text
    assert not re.search(r"learner\d", text)  # whose mistake it was: not said
    assert "Step 4 · `test_shape`: 0 of 3 who started the step" in text  # nobody passes it


def test_the_heatmap_is_a_png_and_the_same_for_the_same_counts(tmp_path):
    only = shards.Shard(1, 1)
    fake_shard(tmp_path, only, names_of(only, 3))
    rows = list(csv.DictReader(open(tmp_path / only.folder / "grades.csv", encoding="utf-8")))
    tallies, counted, _ = classreport.tally(tmp_path / only.folder, rows, WANTED)
    first, second = heatmap.png(tallies, counted), heatmap.png(tallies, counted)
    assert first[:8] == b"\x89PNG\r\n\x1a\n" and first == second
    assert heatmap.cells(tallies[1])[1] == ("maxlen", 2)


# --- KATA_PREPARED ----------------------------------------------------------------------------------------------

def fake_preparation(folder: Path, files: dict, made_by=None) -> None:
    for name, data in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(data)
    manifest = {"format": prepared.FORMAT, "made_by": made_by or prepared.made_by(),
                "files": {n: {"bytes": len(d), "sha256": hashlib.sha256(d).hexdigest()} for n, d in files.items()}}
    (folder / prepared.MANIFEST).write_text(json.dumps(manifest))


def test_prepared_entries_are_checked_before_they_are_used(tmp_path, monkeypatch):
    monkeypatch.setenv("KATA_CACHE_DIR", str(tmp_path / "cache"))
    source = tmp_path / "prepared"
    files = {"judge/fit-abc.json": b"{}", "judge/fit-abc.weights.h5": b"weights", "imdb-0123456789abcdef.npz": b"npz",
             "judge/hidden-labels-00/imdb.npz": b"no labels"}
    fake_preparation(source, files)
    (source / "judge/fit-abc.weights.h5").write_bytes(b"WEIGHTS")  # changed since: never used
    (source / "imdb-0123456789abcdef.npz").unlink()  # missing
    said = prepared.use(source)
    assert "2 of 4 entries reused" in said and "judge/fit-abc.weights.h5" in said and "imdb-0123456789abcdef.npz" in said
    cache = tmp_path / "cache"
    assert (cache / "judge/fit-abc.json").read_bytes() == b"{}"
    assert (cache / "judge/hidden-labels-00/imdb.npz").read_bytes() == b"no labels"
    assert not (cache / "judge/fit-abc.weights.h5").exists() and not (cache / "imdb-0123456789abcdef.npz").exists()
    assert not [p for p in cache.rglob(".tmp-*")]
    assert "4 of 4" not in prepared.use(source)  # the same again: what is there is kept, the rest still refused


def test_a_preparation_of_another_kata_or_shape_is_not_used(tmp_path, monkeypatch):
    monkeypatch.setenv("KATA_CACHE_DIR", str(tmp_path / "cache"))
    other = tmp_path / "other"
    fake_preparation(other, {"judge/x.json": b"{}"}, made_by={"kata": "another", "environment": {}})
    assert "another kata or library version: not used" in prepared.use(other)
    for name in ("../escape.json", "/etc/passwd", "judge/a/b/c.json", "learner/fit.json", "exchange/x.npy"):
        bad = tmp_path / f"bad{abs(hash(name))}"
        fake_preparation(bad, {"judge/ok.json": b"{}"})
        manifest = json.loads((bad / prepared.MANIFEST).read_text())
        manifest["files"][name] = {"bytes": 2, "sha256": "0" * 64}
        (bad / prepared.MANIFEST).write_text(json.dumps(manifest))
        assert "not used" in prepared.use(bad), name
    assert "no readable manifest.json" in prepared.use(tmp_path / "nowhere")
    assert not (tmp_path / "escape.json").exists() and not (tmp_path / "cache" / "judge" / "ok.json").exists()


def test_only_the_judges_entries_are_prepared(tmp_path):
    for name in ("imdb-0123456789abcdef.npz", "judge/fit-1.json", "judge/padded-2.npz", "judge/seen-3.json",
                 "judge/fit-1.lock", "judge/.tmp-4.npz", "judge/hidden-labels-5/imdb.npz", "learner/fit-6.json",
                 "exchange/x/y.npy", "other.json"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_bytes(b"x")
    assert prepared.entries(tmp_path) == ["imdb-0123456789abcdef.npz", "judge/fit-1.json", "judge/hidden-labels-5/imdb.npz",
                                          "judge/padded-2.npz"]
