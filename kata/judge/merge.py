"""`make grade-merge` (`python -m kata grade merge [folders...]`): the shards of a class joined into one grade/.

Every shard folder under grade/ (grade/shard-i-of-N/, or the folders named) gives its rows and its learners'
folders; grade/grades.csv, grade/<learner>/, summary.md, the class report and similar.md are then written by the
same code a run of the whole class ends with (kata.judge.classfiles), from the same files: the same bytes.

The merge refuses shards that would not make one run's rows: cut from different splits (N) or classes, graded with
another kata, other checks, other hidden checks, other steps or other library versions (their shard.json says
which), or by another kata than this one (the class report reads this kata's messages and solutions). A missing
shard, or a shard whose run stopped before all its learners had a row, is named; what is there is merged, and the
merge exits 2 (the class's grades are not complete).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from kata.judge import shards
from kata.judge.classfiles import finish, read_rows
from kata.judge.copies import safe_folder_name
from kata.judge.reports import rel
from kata.judge.scoring import GradingError, threshold
from kata.manifest import step

MAX_FILE = 50_000_000  # bytes: a learner's report file (results.json of a copy that printed a lot is a few MB)
MAX_FILES = 100  # files copied from one learner's folder


def found(out: Path) -> list[Path]:
    """The shard folders in out: shard-i-of-N/ holding a shard.json."""
    if not out.is_dir():
        return []
    return sorted((p for p in out.iterdir() if shards.of_folder(p.name) and p.is_dir() and not p.is_symlink()
                   and (p / shards.RECORD).is_file()), key=lambda p: (shards.of_folder(p.name) or shards.Shard(0, 0)).index)


def _checked(folders: list[Path]) -> list[tuple[Path, dict]]:
    """(folder, shard.json) for every shard, after checking they can be merged (GradingError when not)."""
    records = [(folder, shards.read(folder)) for folder in folders]
    first_folder, first = records[0]
    by_index: dict[int, Path] = {}
    for folder, r in records:
        if r["count"] != first["count"]:
            raise GradingError(f"{folder.name} is one of {r['count']} shards, {first_folder.name} one of {first['count']}: "
                               "merge the shards of one split (the same N).")
        if r["index"] in by_index:
            raise GradingError(f"{by_index[r['index']]} and {folder} both hold shard {r['index']} of {r['count']}: "
                               "name only one of them.")
        by_index[r["index"]] = folder
        strays = [x["name"] for x in r["learners"] if shards.shard_of(x["name"], r["count"]) != r["index"]]
        if strays:
            raise GradingError(f"{folder.name} lists learners of other shards ({', '.join(map(repr, strays[:3]))}): "
                               "grade the shard again.")
        changed = shards.differences(first, r)
        if changed:
            raise GradingError(f"{folder.name} was graded with another {', '.join(changed)} than {first_folder.name}: "
                               "grade every shard with the same kata, then merge.")
        if r["class"] != first["class"]:
            raise GradingError(f"{folder.name} and {first_folder.name} were cut from different classes "
                               f"({r['class'].get('copies')} and {first['class'].get('copies')} copies): grade every "
                               "shard from the same SUBMISSIONS folder.")
    here = shards.this_kata()
    theirs = {k: first["graded_with"].get(k) for k in here}
    if theirs != here:
        raise GradingError("the shards were graded by another kata than this one (its kata/, tests/, solutions/ or "
                           "exercises/ differ): merge them with the kata that graded them.")
    return sorted(records, key=lambda fr: fr[1]["index"])


def _copy_learner(source: Path, target: Path) -> None:
    """A learner's folder of reports: its regular files, within bounds (never a link)."""
    if target.is_symlink() or target.is_file():
        target.unlink()
    elif target.exists():
        shutil.rmtree(target)
    if not source.is_dir() or source.is_symlink():
        return  # an error row: no reports, as in a run
    target.mkdir(parents=True)
    entries = sorted(os.scandir(source), key=lambda e: e.name)[:MAX_FILES]
    for entry in entries:
        info = entry.stat(follow_symlinks=False)
        if entry.is_file(follow_symlinks=False) and info.st_size <= MAX_FILE:
            shutil.copyfile(entry.path, target / entry.name, follow_symlinks=False)


def merge(out: Path, folders: list[Path], *, min_score=None) -> int:
    """Join the shards into out. Exit code: 0 merged, 1 a learner under MIN_SCORE, 2 a shard missing or incomplete."""
    folders = [f.resolve() for f in folders] if folders else found(out)
    if not folders:
        raise GradingError(f"no shard folders in {rel(out)}/ (make grade SUBMISSIONS=dir SHARD=i/N writes "
                           f"{rel(out)}/shard-i-of-N/).")
    records = _checked(folders)
    count = records[0][1]["count"]
    try:
        wanted = [step(slug) for slug in records[0][1]["graded_with"].get("steps") or []]
    except KeyError as exc:
        raise GradingError(f"the shards graded a step this kata does not have ({exc})") from None
    notes = [f"shard {i} of {count} is missing: grade it (make grade SUBMISSIONS=dir SHARD={i}/{count}), then merge again."
             for i in sorted(set(range(1, count + 1)) - {r["index"] for _, r in records})]
    rows: list[dict] = []
    out.mkdir(parents=True, exist_ok=True)
    for folder, record in records:
        names = {x["name"]: x["folder"] for x in record["learners"]}
        theirs = [r for r in read_rows(folder / "grades.csv") if r["learner"] in names]
        lacking = len(names) - len(theirs)
        if lacking:
            notes.append(f"shard {record['index']} of {count} has no row for {lacking} of its {len(names)} learner(s): "
                         f"grade them (RESUME=1 SHARD={record['index']}/{count}), then merge again.")
        for row in theirs:
            name = row["learner"]
            if names[name] != safe_folder_name(name):
                raise GradingError(f"{folder.name}: {shards.RECORD} names another folder for {name!r} than a run does")
            _copy_learner(folder / names[name], out / names[name])
        rows += theirs
    for problem in finish(out, wanted, notes, rows):
        print(f"  ❗ the class's files: {problem}")
    print(f"Merged {len(records)} of {count} shard(s): {len(rows)} learner(s) into {rel(out / 'grades.csv')} · "
          f"{rel(out / 'summary.md')} · {rel(out / 'class.md')} · {rel(out / 'similar.md')} · {rel(out)}/<learner>/")
    for note in notes:
        print(f"  ⚠ {note}")
    if notes:
        return 2
    return _below(rows, min_score)


def _below(rows, min_score) -> int:
    if min_score is None:
        return 0
    below = [r["learner"] for r in rows if r.get("score") in (None, "")
             or float(r["score"]) < threshold(min_score, r.get("max_score"))]
    if below:
        print(f"Below MIN_SCORE={min_score}: {', '.join(below)}")
        return 1
    return 0
