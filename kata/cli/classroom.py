"""`make classroom OUT=dir`: write the student template of the kata (for GitHub Classroom or any class).

The template holds what a learner needs and nothing more: the exercises (stubs), the checks, the
hints, the kata package, the Makefile, the READMEs, pyproject.toml, the CI grading workflow
(.github/workflows/grade.yml) and `.kata-checksums.json` (what `make grade` verifies). It has no
solutions/ and no selftest/. It installs (`make install`) and grades (`make grade`) on its own.

    python -m kata classroom --out DIR      (make classroom OUT=DIR)
    python -m kata classroom --checksums    (in a template whose checks or Makefile you edited)
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
from pathlib import Path

from kata.judge import integrity
from kata.manifest import ROOT, steps

FOLDERS = ("exercises", "tests", "hints", "kata", "docs", "notebooks")
FILES = ("Makefile", "pyproject.toml", ".gitignore", ".github/workflows/grade.yml")  # not .ci/run: it runs the selftests
PATTERNS = ("README*", "LICENSE*")  # at the top of the repository
NEVER = ("solutions", "selftest")  # what a learner must not get, wherever it would come from
SKIP_NAMES = {"__pycache__", ".DS_Store", "Thumbs.db"}
SKIP_SUFFIXES = (".pyc", ".pyo", ".egg-info")


class ClassroomError(Exception):
    pass


def _skip(rel: Path) -> bool:
    return (any(part in SKIP_NAMES or part in NEVER for part in rel.parts)
            or any(part.endswith(SKIP_SUFFIXES) for part in rel.parts))


def files_to_copy(root: Path = ROOT) -> list[Path]:
    """The template's files, relative to root."""
    found: set[Path] = set()
    for folder in FOLDERS:
        base = root / folder
        if base.is_dir():
            found.update(p.relative_to(root) for p in base.rglob("*") if p.is_file())
    for name in FILES:
        if (root / name).is_file():
            found.add(Path(name))
    for pattern in PATTERNS:
        found.update(p.relative_to(root) for p in root.glob(pattern) if p.is_file())
    return sorted(p for p in found if not _skip(p))


def build(out: Path, root: Path = ROOT) -> list[Path]:
    """Write the template into out (a new or empty folder). Returns the files written (relative)."""
    out = Path(out)
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        raise ClassroomError(f"{out} already exists and is not empty: choose a new folder (OUT=...).")
    resolved, base = out.resolve(), Path(root).resolve()
    if resolved == base or any(resolved == base / f or base / f in resolved.parents for f in FOLDERS):
        raise ClassroomError(f"{out} is the kata itself or inside one of its folders: choose a folder outside them.")
    files = files_to_copy(root)
    out.mkdir(parents=True, exist_ok=True)
    for rel in files:
        dest = out / rel
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(root / rel, dest)
    integrity.write_manifest(out)
    return [*files, Path(integrity.MANIFEST)]


def solved_looking(out: Path) -> list[str]:
    """Exercises in the template that no longer raise NotImplementedError (a solved copy was taken?)."""
    return [s.exercise(out).name for s in steps()
            if s.exercise(out).exists() and "NotImplementedError" not in s.exercise(out).read_text(encoding="utf-8")]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m kata classroom", description="Write the student template of the kata.")
    parser.add_argument("--out", default=os.environ.get("OUT") or None, help="a new folder for the template (OUT=...)")
    parser.add_argument("--checksums", action="store_true",
                        help="in a template you edited: record the checksums of its current files again")
    args = parser.parse_args(argv)
    if args.checksums:
        if (ROOT / "solutions").is_dir():
            print("make classroom: --checksums is for a template (this is the kata itself, with solutions/).",
                  file=sys.stderr)
            return 2
        path = integrity.write_manifest(ROOT)
        print(f"Recorded the checksums of {len(integrity.watched(ROOT))} files in {path}.")
        return 0
    if not args.out:
        print("make classroom OUT=<new folder>: where should the student template go?", file=sys.stderr)
        return 2
    out = Path(args.out).expanduser()
    try:
        files = build(out)
    except ClassroomError as exc:
        print(f"make classroom: {exc}", file=sys.stderr)
        return 2
    print(f"Wrote the student template to {out} ({len(files)} files; no solutions/, no selftest/).")
    print(f"Checksums of the {len(integrity.watched(out))} files that grading reads: {out / integrity.MANIFEST}")
    for s in steps():
        if not s.exercise(out).exists() or not s.test(out).exists():
            print(f"WARNING: step {s.slug} has no exercise or no check file: the template is incomplete.")
    for name in solved_looking(out):
        print(f"WARNING: exercises/{name} does not raise NotImplementedError: is it still the stub?")
    print()
    print("Next (see docs/grading.md):")
    print(f"  cd {out} && git init -b main && git add -A && git commit -m 'IMDB kata'")
    print("  push it to a new GitHub repository, tick Settings > Template repository, and create the")
    print("  GitHub Classroom assignment from it. Every push of a learner runs .github/workflows/grade.yml.")
    return 0
