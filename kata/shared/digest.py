"""Digests: the one way the kata hashes a file, bytes, or a tuple of JSON-able parts (sha256 everywhere)."""

from __future__ import annotations

import hashlib
import json
import os
import time
from pathlib import Path

BLOCK = 1 << 20


def of_bytes(data: bytes) -> str:
    """sha256 of data, in hex."""
    return hashlib.sha256(data).hexdigest()


def of_file(path, limit: int | None = None) -> str | None:
    """sha256 of a file's bytes, read in blocks (None when it cannot be read, or is over `limit` bytes)."""
    h = hashlib.sha256()
    try:
        with open(path, "rb") as f:
            read = 0
            for block in iter(lambda: f.read(BLOCK), b""):
                read += len(block)
                if limit is not None and read > limit:
                    return None
                h.update(block)
    except OSError:
        return None
    return h.hexdigest()


def key(*parts) -> str:
    """A short hex digest of the parts (strings, bytes, numbers, JSON-able values), each framed by its length."""
    h = hashlib.sha256()
    for part in parts:
        data = part if isinstance(part, bytes) else json.dumps(part, sort_keys=True, default=str).encode()
        h.update(len(data).to_bytes(8, "little") + data)
    return h.hexdigest()[:32]


_remembered: dict[tuple, str] = {}


def of_still_file(path: Path) -> str:
    """of_file, remembered while the file's size and mtime stay the same (for big data files read often).
    A file changed within the clock's resolution can change again with the same size and mtime: only the
    digests of files that have been still for a while are remembered (git's "racy" rule)."""
    info = os.stat(path)
    memo = (str(path), info.st_size, info.st_mtime_ns)
    if memo in _remembered:
        return _remembered[memo]
    digest = of_file(path)
    if digest is None:
        raise OSError(f"cannot read {path}")
    if time.time_ns() - info.st_mtime_ns > 3_000_000_000:
        _remembered[memo] = digest
    return digest
