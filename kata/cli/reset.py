"""`make reset STEP=n`: the step's original stub back in place (the learner's version kept in .kata/backups);
`UNDO=1` puts the latest backup back. Nothing is lost, and a folder that cannot be written is said so."""

from __future__ import annotations

import shutil
import subprocess
import time
from pathlib import Path

from kata.cli import state
from kata.i18n import t
from kata.manifest import ROOT, step, steps
from kata.shared import digest

BACKUPS = ROOT / ".kata" / "backups"


def stub_text(s) -> str | None:
    """The original stub of a step: the newest version in git history whose hash kata/stubs.sha256 records.
    Searching the history (not just HEAD) finds the stub even after the learner committed their work."""
    rel = s.exercise().relative_to(ROOT).as_posix()
    try:
        commits = subprocess.run(["git", "rev-list", "HEAD", "--", rel], cwd=ROOT, capture_output=True, text=True,
                                 check=True).stdout.split()
    except (OSError, subprocess.CalledProcessError):
        return None
    for commit in commits:
        blob = subprocess.run(["git", "show", f"{commit}:{rel}"], cwd=ROOT, capture_output=True).stdout
        if digest.of_bytes(blob) == s.stub_digest:
            return blob.decode("utf-8")
    return None


def _back_up(s) -> Path | None:
    """A timestamped copy of the step's exercise in .kata/backups (None when there is no file)."""
    path = s.exercise()
    if not path.exists():
        return None
    BACKUPS.mkdir(parents=True, exist_ok=True)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    backup, n = BACKUPS / f"{s.slug}-{stamp}.py", 1
    while backup.exists():
        backup, n = BACKUPS / f"{s.slug}-{stamp}-{n}.py", n + 1
    shutil.copy2(path, backup)
    return backup


def _rel(path: Path):
    return path.relative_to(ROOT) if path.is_relative_to(ROOT) else path


def cmd_reset(args) -> int:
    if not args.step:
        print("make reset STEP=<n>: which step? " + ", ".join(f"{s.number}={s.name}" for s in steps()))
        return 2
    s = step(args.step)
    path = s.exercise()
    try:
        return _undo_reset(s) if args.undo else _reset(s, path)
    except OSError as exc:  # a read-only checkout, a full disk: said, and the file is as it was
        print(t("ui.reset_unwritable", file=_rel(path), error=exc.strerror or type(exc).__name__))
        return 2


def _reset(s, path: Path) -> int:
    original = stub_text(s)
    if original is None:
        print(t("ui.reset_no_stub", file=_rel(path)))
        return 1
    if path.exists() and path.read_text(encoding="utf-8", errors="replace") == original:
        print(t("ui.reset_nothing", file=_rel(path)))
        return 0
    backup = _back_up(s)
    path.write_text(original, encoding="utf-8")
    state.forget_hints(s.name)  # the step starts afresh: from its first hint again
    print(t("ui.reset_done", number=s.number, backup=_rel(backup) if backup else "-"))
    return 0


def _undo_reset(s) -> int:
    """`make reset STEP=n UNDO=1`: the latest backup goes back in place (what is there now is backed up first)."""
    path = s.exercise()
    found = sorted(BACKUPS.glob(f"{s.slug}-*.py"), key=lambda p: p.stat().st_mtime_ns) if BACKUPS.is_dir() else []
    if not found:
        print(t("ui.reset_no_backup", number=s.number))
        return 1
    latest = found[-1]
    if path.exists() and path.read_bytes() == latest.read_bytes():
        print(t("ui.reset_nothing", file=_rel(path)))
        return 0
    current = _back_up(s)
    shutil.copy2(latest, path)
    print(t("ui.reset_undone", file=_rel(path), backup=_rel(latest), current=_rel(current) if current else "-"))
    return 0
