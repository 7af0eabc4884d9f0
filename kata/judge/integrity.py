"""Are the checks the ones the instructor handed out? Checksums of every file that grading reads.

The classroom template (`make classroom`) records `.kata-checksums.json`: the SHA-256 of each file
under `tests/` and `kata/`, and of `pyproject.toml` (pytest reads its options), `Makefile` and
`.github/workflows/grade.yml` (they start the grading). `make grade` in a learner's copy compares the
copy with that record; `make grade SUBMISSIONS=dir` compares each learner's copy with the pristine
files of the instructor's own kata instead (and grades with those, so an edit cannot change a score).

Line endings are normalised before hashing (a Windows checkout with CRLF is not an edit).
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
from dataclasses import dataclass, field
from pathlib import Path

MANIFEST = ".kata-checksums.json"
WATCHED_DIRS = ("tests", "kata")
WATCHED_FILES = ("pyproject.toml", "Makefile", ".github/workflows/grade.yml")
# Files that Python or pytest would load on their own if someone added them at the top of the copy.
AUTOLOADED = ("conftest.py", "sitecustomize.py", "usercustomize.py")
IGNORED_NAMES = {"__pycache__", ".DS_Store", "Thumbs.db"}
IGNORED_SUFFIXES = (".pyc", ".pyo")


def _ignored(rel: Path) -> bool:
    return any(part in IGNORED_NAMES for part in rel.parts) or rel.name.endswith(IGNORED_SUFFIXES)


MAX_ENTRIES = 20_000  # files and folders looked at in one copy's tests/ and kata/
MAX_DEPTH = 16  # folders below tests/ or kata/ (the kata's own go 3 deep)


def _walk(root: Path, base: Path, found: set) -> None:
    """Every file (and link) below base, breadth-first and within bounds: a folder deeper than MAX_DEPTH, or more
    entries than MAX_ENTRIES, is listed as one entry of its own (it differs from the template), never descended."""
    queue, seen = [base], 0
    while queue:
        folder = queue.pop(0)
        try:
            entries = list(os.scandir(folder))
        except OSError:
            continue
        for entry in entries:
            seen += 1
            rel = Path(entry.path).relative_to(root)
            if _ignored(rel):
                continue
            if entry.is_dir(follow_symlinks=False):
                if len(rel.parts) > MAX_DEPTH or seen > MAX_ENTRIES:
                    found.add(rel.as_posix() + "/")  # too deep or too many: one entry, not read
                else:
                    queue.append(Path(entry.path))
            else:
                found.add(rel.as_posix())


def watched(root: Path) -> list[str]:
    """The files of `root` that grading reads, as sorted POSIX paths relative to root. Links and special
    files (a FIFO, a device, a link to /proc) are listed too, never followed: they hash as what they are."""
    root = Path(root)
    found: set = set()
    for folder in WATCHED_DIRS:
        base = root / folder
        if base.is_dir() and not base.is_symlink():
            _walk(root, base, found)
    for name in (*WATCHED_FILES, *AUTOLOADED):
        if os.path.lexists(root / name):
            found.add(name)
    return sorted(found)


MAX_HASHED = 50_000_000  # bytes: a check file is small; anything bigger is not the template's


def digest(path: Path) -> str:
    """sha256 of a regular file (LF line endings); "link:" / "special:" / "large:" for what is not one."""
    try:
        info = os.lstat(path)
    except OSError:
        return "missing"
    if stat.S_ISDIR(info.st_mode):
        return "folder"
    if stat.S_ISLNK(info.st_mode):
        return f"link:{os.readlink(path)}"
    if not stat.S_ISREG(info.st_mode):
        return f"special:{stat.S_IFMT(info.st_mode)}"
    if info.st_size > MAX_HASHED:
        return f"large:{info.st_size}"
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
    with os.fdopen(fd, "rb") as f:
        data = f.read(MAX_HASHED + 1)
    return hashlib.sha256(data.replace(b"\r\n", b"\n")).hexdigest()


def snapshot(root: Path) -> dict[str, str]:
    """{relative path: sha256} of every watched file of root."""
    return {rel: digest(Path(root) / rel) for rel in watched(root)}


def write_manifest(root: Path) -> Path:
    """Record the checksums of root's watched files in root/.kata-checksums.json."""
    path = Path(root) / MANIFEST
    record = {
        "about": "SHA-256 of the files `make grade` reads (LF line endings). Do not edit them: "
                 "`make grade` reports any change, and a changed check file scores zero.",
        "algorithm": "sha256",
        "files": snapshot(root),
    }
    path.write_text(json.dumps(record, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    return path


@dataclass
class Integrity:
    """The outcome of comparing a copy's check files with the expected ones."""

    checked: bool  # False: nothing to compare with (the kata's own repository)
    basis: str  # "checksums" (.kata-checksums.json), "pristine" (the instructor's files) or "none"
    modified: list = field(default_factory=list)
    missing: list = field(default_factory=list)
    added: list = field(default_factory=list)
    problem: str | None = None  # e.g. the checksum manifest itself is missing or unreadable
    files: int = 0  # how many files were compared

    @property
    def ok(self) -> bool:
        return self.problem is None and not (self.modified or self.missing or self.added)

    @property
    def changed(self) -> list[str]:
        return sorted({*self.modified, *self.missing, *self.added})

    def step_files(self) -> dict[int, list[str]]:
        """Changed check files that belong to one step (`tests/test_04_pad.py`): {step number: [files]}."""
        from kata.manifest import steps

        out: dict[int, list[str]] = {}
        for rel in self.changed:
            for s in steps():
                if rel == f"tests/test_{s.slug}.py":
                    out.setdefault(s.number, []).append(rel)
        return out

    def support_files(self) -> list[str]:
        """Changed files that can affect every step (the kata package, conftest.py, pyproject.toml...)."""
        own = {f for files in self.step_files().values() for f in files}
        return [f for f in self.changed if f not in own]

    def describe(self) -> str:
        """One line for a report."""
        if not self.checked:
            return "not checked (no .kata-checksums.json: this is not a classroom copy)"
        if self.ok:
            source = "the template's .kata-checksums.json" if self.basis == "checksums" else "the instructor's pristine copy"
            return f"ok: {self.files} check files match {source}"
        parts = []
        if self.problem:
            parts.append(self.problem)
        for label, files in (("modified", self.modified), ("missing", self.missing), ("added", self.added)):
            if files:
                parts.append(f"{label}: {', '.join(files)}")
        return "; ".join(parts)

    def as_dict(self) -> dict:
        return {"checked": self.checked, "ok": self.ok, "basis": self.basis, "files": self.files,
                "modified": list(self.modified), "missing": list(self.missing), "added": list(self.added),
                "problem": self.problem}


def compare(expected: dict[str, str], actual: dict[str, str], basis: str) -> Integrity:
    return Integrity(
        checked=True, basis=basis, files=len(expected),
        modified=sorted(p for p in expected if p in actual and actual[p] != expected[p]),
        missing=sorted(p for p in expected if p not in actual),
        added=sorted(p for p in actual if p not in expected),
    )


def verify(root: Path) -> Integrity:
    """Compare root's watched files with root/.kata-checksums.json.

    No manifest in the kata's own repository (it has solutions/): nothing to check. No manifest in a
    copy without solutions/ (a classroom copy whose record was deleted): a problem.
    """
    root = Path(root)
    path = root / MANIFEST
    if not path.exists():
        if (root / "solutions").is_dir():
            return Integrity(checked=False, basis="none")
        return Integrity(checked=True, basis="checksums", problem=f"{MANIFEST} is missing, so the checks cannot be verified")
    try:
        expected = json.loads(path.read_text(encoding="utf-8"))["files"]
        assert isinstance(expected, dict)
    except (OSError, ValueError, KeyError, AssertionError):
        return Integrity(checked=True, basis="checksums",
                         problem=f"{MANIFEST} is unreadable, so the checks cannot be verified")
    return compare(expected, snapshot(root), "checksums")
