"""A small on-disk cache under `.kata/cache/` (or `KATA_CACHE_DIR`), for what is slow to make again.

Every entry is keyed by a hash of everything it depends on, so a changed input is a miss, never a
stale hit. Writes are atomic (temporary file, then rename). `make clean-cache` empties it.
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import itertools
import json
import os
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent

_NP_LOAD = np.load  # as NumPy defines it, even if a learner's code replaces np.load (the 2019 allow_pickle workaround)


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
    """A hex digest of the parts (strings, bytes, numbers, JSON-able values)."""
    h = hashlib.sha256()
    for part in parts:
        data = part if isinstance(part, bytes) else json.dumps(part, sort_keys=True, default=str).encode()
        h.update(len(data).to_bytes(8, "little") + data)
    return h.hexdigest()[:32]


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


_digests: dict[tuple, str] = {}


def _digest(source: Path) -> str:
    from kata.datasets.imdb import file_digest

    stat = source.stat()
    memo = (str(source), stat.st_size, stat.st_mtime_ns)
    if memo in _digests:
        return _digests[memo]
    digest = file_digest(source)
    # A file changed within the clock's resolution can change again with the same size and mtime:
    # remember only the digests of files that have been still for a while (git's "racy" rule).
    if time.time_ns() - stat.st_mtime_ns > 3_000_000_000:
        _digests[memo] = digest
    return digest


def ragged_splits(source: Path, params: dict, compute):
    """`(x_train, y_train), (x_test, y_test)` from the cache, or from compute() (then stored).

    Lists of word ids are stored flat (one int32 array and the offsets), which loads many times
    faster than the pickled original and needs no pickle at all.
    """
    from kata.datasets import imdb  # the loader's own code is part of the key: a changed loader is a miss

    loader = hashlib.sha256(Path(imdb.__file__).read_bytes()).hexdigest()
    path = folder() / f"imdb-{key(_digest(source), params, loader)}.npz"
    def prepare():
        (x_train, y_train), (x_test, y_test) = compute()
        arrays = {**_flatten(x_train, y_train, "train"), **_flatten(x_test, y_test, "test")}
        del x_train, x_test  # 12 million int objects: gone before the shared-int lists are made
        try:
            atomic_write(path, lambda f: np.savez(f, **arrays))
        except OSError:  # a full disk or a read-only cache folder costs speed, not the data
            pass
        return _unflatten(arrays, "train"), _unflatten(arrays, "test")  # the same lists a warm load gives

    return made_once(path.stem, lambda: _read_splits(path), prepare)


def _read_splits(path: Path):
    if not path.exists():
        return None
    try:
        with _NP_LOAD(path, allow_pickle=False) as f:
            return _unflatten(f, "train"), _unflatten(f, "test")
    except Exception:  # truncated (BadZipFile, EOFError), garbage (ValueError), missing arrays (KeyError)...
        path.unlink(missing_ok=True)  # a damaged entry is made again
        return None


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


def _flatten(xs, ys, split):
    lengths = np.fromiter(map(len, xs), dtype=np.int64, count=len(xs))
    flat = np.fromiter(itertools.chain.from_iterable(xs), dtype=np.int64, count=int(lengths.sum()))
    if flat.size == 0 or (flat.min() >= np.iinfo(np.int32).min and flat.max() <= np.iinfo(np.int32).max):
        flat = flat.astype(np.int32)  # half the size on disk; .tolist() gives the same Python ints
    return {f"{split}_flat": flat, f"{split}_lengths": lengths, f"{split}_labels": np.asarray(ys)}


def _unflatten(f, split):
    flat = f[f"{split}_flat"]
    # Each distinct id becomes one Python int that every review shares (10,000 objects, not 6 million):
    # twice as fast to build and a quarter of the memory. Ints are immutable: the lists are the same.
    low = int(flat.min(initial=0))
    ints = np.empty(int(flat.max(initial=0)) - low + 1, dtype=object)
    ints[:] = range(low, low + len(ints))
    shared = ints[flat - low]
    ends = np.cumsum(f[f"{split}_lengths"]).tolist()
    with paused_gc():
        # one object per review: equal lengths must stay lists (np.array would make a 2-D array of them)
        xs = np.fromiter((shared[a:b].tolist() for a, b in zip([0, *ends[:-1]], ends)), dtype=object, count=len(ends))
    return xs, f[f"{split}_labels"]


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


def package_digest() -> str:
    """A hash of the kata package's own Python sources (kata/**/*.py).

    A cached result made by other checking code (a newer oracle, a fixed plugin) is then a miss.
    """
    package = Path(__file__).resolve().parent
    h = hashlib.sha256()
    for path in sorted(package.rglob("*.py")):
        data = path.read_bytes()
        h.update(path.relative_to(package).as_posix().encode() + b"\0" + len(data).to_bytes(8, "little") + data)
    return h.hexdigest()
