"""A class's copies as the batch reads them: which folder is whose, a fresh working copy of each one's exercises
(regular files only, within bounds), and what the instructor should look at twice (flags).

Every copy is read with bounds: folder depth, file count, file size, total size. A link, a device, a FIFO, a
folder too deep or a name that is not UTF-8 is left out and named (escaped), never followed and never a crash.
"""

from __future__ import annotations

import ast
import hashlib
import os
import re
import stat
from pathlib import Path

MAX_FILE = 5_000_000  # bytes: an exercise file is small; anything bigger is left out (and said so)
MAX_FILES = 400  # files copied from one copy's exercises/
MAX_DEPTH = 8  # folders below exercises/
MAX_TOTAL = 50_000_000  # bytes copied from one copy


def shown(name) -> str:
    """A file or folder name as text anyone can print: bytes that are not UTF-8 escaped (\\xff)."""
    raw = os.fsencode(name) if not isinstance(name, bytes) else name
    return raw.decode("utf-8", "backslashreplace")


# Names a learner's folder of reports never takes as they are: the class's own reports in grade/, shards' folders,
# dots, and names that start with "_" (what a changed name starts with: a changed name never meets an unchanged one).
RESERVED = re.compile(r"(grades\.csv|summary\.md|class\.(md|csv|png)|similar\.md|shard\.json|shard-.*|\.+|_.*)",
                      re.IGNORECASE)


def safe_folder_name(name: str) -> str:
    """A learner's name as a folder name of the reports: letters, digits and -_. only, at most 100 characters.
    A name that had to be changed (or is one of the class reports' names) ends with a short digest of the
    name, so two learners never share a folder ("a b" and "a_b" are two learners)."""
    text = shown(name)
    safe = "".join(c if c.isalnum() or c in "-_." else "_" for c in text)[:100]
    if safe and safe == text and not RESERVED.fullmatch(safe):
        return safe
    return f"_{safe[:80]}-{hashlib.sha256(text.encode()).hexdigest()[:8]}"


def _is_dir(path: Path) -> bool:
    try:
        return stat.S_ISDIR(os.lstat(path).st_mode)
    except OSError:
        return False


def learner_folders(submissions: Path) -> list[tuple[str, Path | None]]:
    """(learner, their kata copy) for every sub-folder; the copy may sit one folder deeper (an unzipped repo).
    Learner names are shown escaped where they are not UTF-8."""
    out: list[tuple[str, Path | None]] = []
    folders = sorted((p for p in submissions.iterdir() if _is_dir(p) and not p.name.startswith(".")),
                     key=lambda p: shown(p.name))
    for folder in folders:
        if _is_dir(folder / "exercises"):
            out.append((shown(folder.name), folder))
            continue
        try:
            inner = [p for p in folder.iterdir() if _is_dir(p) and _is_dir(p / "exercises")]
        except OSError:
            inner = []
        out.append((shown(folder.name), inner[0] if len(inner) == 1 else None))
    return out


class _Copier:
    """Copies one exercises/ folder breadth-first, within the bounds, listing what it leaves out."""

    def __init__(self, source: Path, target: Path):
        self.source, self.target = source, target
        self.skipped: list[str] = []
        self.files = self.bytes = 0

    def run(self) -> None:
        queue = [Path(".")]
        while queue:
            rel_dir = queue.pop(0)
            try:
                entries = sorted(os.scandir(self.source / rel_dir), key=lambda e: os.fsencode(e.name))
            except OSError:
                self.skipped.append(f"exercises/{shown(rel_dir.as_posix())} (unreadable)")
                continue
            for entry in entries:
                self._entry(entry, rel_dir, queue)

    def _entry(self, entry, rel_dir: Path, queue: list) -> None:
        rel = rel_dir / entry.name
        label = f"exercises/{shown(rel.as_posix())}"
        info = entry.stat(follow_symlinks=False)
        if stat.S_ISLNK(info.st_mode):
            self.skipped.append(f"{label} (a link)")
        elif stat.S_ISDIR(info.st_mode):
            if entry.name == "__pycache__":
                return
            if len(rel.parts) > MAX_DEPTH:
                self.skipped.append(f"{label} (more than {MAX_DEPTH} folders deep)")
            else:
                queue.append(rel)
        elif not stat.S_ISREG(info.st_mode):
            self.skipped.append(f"{label} (not a regular file)")
        elif info.st_size > MAX_FILE:
            self.skipped.append(f"{label} (over {MAX_FILE // 1_000_000} MB)")
        elif self.files >= MAX_FILES or self.bytes + info.st_size > MAX_TOTAL:
            self.skipped.append(f"{label} (over {MAX_FILES} files or {MAX_TOTAL // 1_000_000} MB in all)")
        elif shown(entry.name) != entry.name:
            self.skipped.append(f"{label} (a name that is not UTF-8)")
        else:
            self._copy(self.source / rel, rel)

    def _copy(self, path: Path, rel: Path) -> None:
        (self.target / rel.parent).mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
        with os.fdopen(fd, "rb") as f:
            data = f.read(MAX_FILE + 1)
        (self.target / rel).write_bytes(data)
        self.files += 1
        self.bytes += len(data)


def working_copy(copy: Path, work: Path) -> tuple[Path, list[str]]:
    """work/exercises: the copy's exercises, regular files only, within bounds. Returns it and what was left
    out (and why)."""
    source, target = copy / "exercises", work / "exercises"
    target.mkdir(parents=True)
    if not _is_dir(source):
        return target, ["exercises/ (a link or not a folder)"]
    copier = _Copier(source, target)
    copier.run()
    return target, copier.skipped


JUDGE_NAMES = ("kata.judge", "kata/judge", "oracle")


def flags_of(exercises: Path, skipped: list[str]) -> list[str]:
    """What the instructor should look at: files left out, learner files that name the kata's judge (its reference
    pipeline: it is not in the sandbox, but the attempt is worth a look), mentions of solutions/."""
    flags = [f"left out: {item}" for item in skipped]
    for path in sorted(exercises.rglob("*.py")):
        rel = path.relative_to(exercises.parent).as_posix()
        text = path.read_text(encoding="utf-8", errors="replace")
        if _imports_judge(text) or any(name in text for name in JUDGE_NAMES):
            flags.append(f"{rel} names the kata's judge (its reference pipeline)")
        if "solutions" in text:
            flags.append(f"{rel} mentions solutions/")
    return flags


def _imports_judge(text: str) -> bool:
    try:
        tree = ast.parse(text)
    except (SyntaxError, ValueError):
        return False
    for node in ast.walk(tree):
        names = [a.name for a in node.names] if isinstance(node, ast.Import) else \
            [node.module or ""] if isinstance(node, ast.ImportFrom) else []
        if any(n == "kata.judge" or n.startswith("kata.judge.") for n in names):
            return True
        if isinstance(node, ast.ImportFrom) and node.module == "kata" and any(a.name == "judge" for a in node.names):
            return True
    return False
