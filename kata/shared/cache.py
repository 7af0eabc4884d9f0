"""A small on-disk cache under `.kata/cache/` (or `KATA_CACHE_DIR`), for what is slow to make again.

Every entry is keyed by a hash of everything it depends on, so a changed input is a miss, never a
stale hit. Writes are atomic (temporary file, then rename). `make clean-cache` empties it.
"""

from __future__ import annotations

import contextlib
import gc
import json
import os
import tempfile
from pathlib import Path

from kata.shared import digest

ROOT = Path(__file__).resolve().parents[2]  # the kata's folder (kata/shared/cache.py -> ..)


def folder(part: str | None = None) -> Path:
    """The cache folder (KATA_CACHE_DIR, or .kata/cache), or one of its parts: "judge" holds what only the
    judge reads (its reference trainings), "learner" what learner processes store (their trainings)."""
    wanted = Path(os.environ.get("KATA_CACHE_DIR") or ROOT / ".kata" / "cache")
    path = wanted / part if part else wanted
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError:  # a read-only project folder: the cache moves to a temporary folder (speed, not results)
        path = Path(tempfile.gettempdir()) / f"kata-cache-{os.getuid() if hasattr(os, 'getuid') else 0}" / (part or "")
        path.mkdir(parents=True, exist_ok=True)
    return path


def key(*parts) -> str:
    """A hex digest of the parts (strings, bytes, numbers, JSON-able values): kata.shared.digest.key."""
    return digest.key(*parts)


def atomic_write(path: Path, write) -> None:
    """Call write(file_object) on a temporary file beside path, then move it into place."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=path.suffix)
    try:
        with os.fdopen(fd, "wb") as f:
            write(f)
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def get_json(name: str, where: Path | None = None):
    path = Path(where or folder()) / f"{name}.json"
    try:
        return json.loads(path.read_text())
    except (OSError, ValueError):
        return None


def put_json(name: str, value, where: Path | None = None) -> None:
    atomic_write(Path(where or folder()) / f"{name}.json", lambda f: f.write(json.dumps(value).encode()))


def lock(name: str, where: Path | None = None):
    """A lock shared by every process using this cache folder, for making the entry `name` once.

    A second process that wants the same entry (another test worker, a second terminal) waits,
    then finds the entry made instead of making it again."""
    from filelock import FileLock

    return FileLock(Path(where or folder()) / f"{name}.lock")


def made_once(name: str, read, make, where: Path | None = None):
    """read(), or else make() while holding lock(name): a second process asking at the same time (a test
    worker, a second terminal) waits, then reads what the first made. read() gives None for "not there"."""
    found = read()
    if found is not None:
        return found
    with maybe_locked(name, where):
        found = read()
        return found if found is not None else make()


@contextlib.contextmanager
def maybe_locked(name: str, where: Path | None = None):
    """lock(name) where the cache folder allows it; without a lock where it does not (read-only)."""
    try:
        held = lock(name, where)
        held.acquire()
    except OSError:
        yield
        return
    try:
        yield
    finally:
        held.release()


@contextlib.contextmanager
def paused_gc():
    """No garbage collection while many lists are made (none of them is garbage): about twice as fast."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
