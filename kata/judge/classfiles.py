"""The class's own files, written from grades.csv and the learners' folders once a batch ends, and by a merge of
shards: grades.csv in learner order, summary.md, the class report (class.md, class.csv, class.png: what the class
misunderstood) and similar.md (copies to look at twice).

They are made from what is on disk, never from a run's memory, so one run of the whole class and a merge of its
shards write the same bytes; and one part that fails (a broken plot library) costs only that part.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from kata.judge.reports import publish

MAX_CSV = 200_000_000  # bytes: grades.csv of 2,000 learners is under 1 MB


def columns(wanted) -> list[str]:
    return ["learner", *[s.slug for s in wanted], "score", "max_score", "challenge_accuracy", "challenge_public_accuracy",
            "marks", "extra_score", "status", "integrity", "flags", "sandbox", "error"]


def read_rows(path: Path) -> list[dict]:
    """The rows of a grades.csv (none when it is missing or unreadable); the last row of a learner wins (RESUME=1
    grades an error row again, below it)."""
    try:
        if path.stat().st_size > MAX_CSV:
            return []
        with open(path, newline="", encoding="utf-8") as f:
            rows = [r for r in csv.DictReader(f) if isinstance(r.get("learner"), str)]
    except (OSError, csv.Error, UnicodeDecodeError):
        return []
    return list({r["learner"]: r for r in rows}.values())


def write_rows(path: Path, rows: list[dict], fields: list[str]) -> None:
    """grades.csv with rows in learner order (the order of a run one copy at a time), written at once."""
    text = io.StringIO(newline="")
    writer = csv.DictWriter(text, fieldnames=fields, extrasaction="ignore", lineterminator="\r\n")
    writer.writeheader()
    for row in sorted(rows, key=lambda r: r["learner"]):
        writer.writerow({k: ("" if v is None else v) for k, v in row.items()})
    publish(path, text.getvalue().encode("utf-8"))


def finish(out: Path, wanted, notes=(), rows: list[dict] | None = None) -> list[str]:
    """Every class file in out, from out/grades.csv (or rows) and out/<learner>/. Returns what could not be written."""
    from kata.judge import classreport, similar
    from kata.judge.reports import class_summary

    fields = columns(wanted)
    rows = read_rows(out / "grades.csv") if rows is None else rows
    rows = sorted(rows, key=lambda r: r["learner"])
    problems: list[str] = []
    parts = [("grades.csv", lambda: write_rows(out / "grades.csv", rows, fields)),
             ("summary.md", lambda: _text(out / "summary.md", class_summary(rows, wanted, notes))),
             ("class report", lambda: classreport.write(out, rows, wanted)),
             ("similar.md", lambda: _text(out / "similar.md", similar.report(out, rows, wanted)))]
    for name, write in parts:
        try:
            write()
        except Exception as exc:  # noqa: BLE001 - one part of the class's files never costs the others
            problems.append(f"{name}: {type(exc).__name__}: {str(exc)[:200]}")
    return problems


def _text(path: Path, text: str) -> None:
    publish(path, text.encode("utf-8"))
