"""The codec's vocabulary: its limits, its stand-ins for what it does not carry, the folder of a tree's files,
and the digests that name big values."""

from __future__ import annotations

import gc
import hashlib
import itertools
import os
import re
import stat
from pathlib import Path

import numpy as np

from kata.shared.framing import CodecError

MAX_DEPTH = 64
MAX_ITEMS = 3_000_000  # nodes in one tree
MAX_STRING = 20_000_000  # characters in one string
MAX_FILE = 1_500_000_000  # bytes in one file (the padded data is about 26 MB)
MAX_FILES_TOTAL = 3_000_000_000
MAX_IDS = 40_000_000  # word ids in one ragged value (the whole data set has about 12 million)
INLINE = 64  # arrays with at most this many items travel inside the JSON
RAGGED_MIN = 64  # a list of at least this many int lists travels as one flat array
FILE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,120}$")
NUMERIC_KINDS = "biufcmMUS"  # numpy dtype kinds that load without pickle

__all__ = ["CodecError", "Opaque", "TooLarge", "Box", "type_name", "short_repr", "array_digest", "ragged_digest",
           "ragged_parts", "unflatten", "object_array"]


class Opaque:
    """A value the codec does not carry: its type and a short repr, for messages."""

    def __init__(self, type_name: str, text: str):
        self.type_name, self.text = str(type_name), str(text)

    def __repr__(self):
        return self.text

    def __eq__(self, other):
        return isinstance(other, Opaque) and (self.type_name, self.text) == (other.type_name, other.text)

    def __hash__(self):
        return hash((self.type_name, self.text))


class TooLarge(Opaque):
    """A value over the codec's limits."""


class Box:
    """The folder that holds a tree's files, and the running totals of one encode or decode."""

    def __init__(self, folder, prefix: str = "v"):
        self.folder = Path(folder)
        self.prefix = prefix
        self.items = 0
        self.bytes = 0
        self.count = itertools.count()

    def new_file(self, suffix: str) -> tuple[str, Path]:
        name = f"{self.prefix}{next(self.count)}{suffix}"
        return name, self.folder / name

    def open_file(self, name) -> Path:
        """A file named in a tree, checked: a plain name, a regular file in the folder (not a link), within the
        limits. The file is then read with read_checked (no link followed between the look and the read)."""
        if not isinstance(name, str) or not FILE_NAME.match(name) or ".." in name:
            raise CodecError(f"bad file name {short_repr(name, 60)}")
        path = self.folder / name
        try:
            info = os.lstat(path)
        except OSError:
            raise CodecError(f"missing file {name}") from None
        if not stat.S_ISREG(info.st_mode):
            raise CodecError(f"{name} is not a regular file")
        self.add_bytes(info.st_size, name)
        return path

    def add_bytes(self, size: int, name: str) -> None:
        self.bytes += size
        if size > MAX_FILE or self.bytes > MAX_FILES_TOTAL:
            raise CodecError(f"{name} is too large ({size:,} bytes)")

    def tick(self, count: int = 1):
        self.items += count
        if self.items > MAX_ITEMS:
            raise CodecError("too many items")


def type_name(value) -> str:
    t = type(value)
    module = getattr(t, "__module__", "") or ""
    return t.__qualname__ if module == "builtins" else f"{module}.{t.__qualname__}"


def short_repr(value, limit: int = 200) -> str:
    try:
        text = repr(value)
    except Exception:  # a repr that raises is the learner's business, not a reason to fail
        text = f"<{type_name(value)} object>"
    text = str(text)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def ragged_digest(container: str, item: str, lengths: np.ndarray, flat: np.ndarray) -> str:
    """A digest of a ragged value: its container, its items' type and every id."""
    h = hashlib.sha256(f"{container}/{item}/{len(lengths)}/".encode())
    h.update(np.ascontiguousarray(lengths, dtype=np.int64).tobytes())
    h.update(np.ascontiguousarray(flat, dtype=np.int64).tobytes())
    return h.hexdigest()[:40]


def ragged_parts(v) -> tuple[np.ndarray, np.ndarray]:
    """(lengths, flat int64) of a sequence of int lists."""
    lengths = np.fromiter(map(len, v), dtype=np.int64, count=len(v))
    return lengths, np.fromiter(itertools.chain.from_iterable(v), dtype=np.int64, count=int(lengths.sum()))


def unflatten(flat: np.ndarray, lengths: np.ndarray, item=list) -> list:
    """Lists of Python ints from a flat array: each distinct id is one shared int object (fast, small). Ids
    spread over a wide range (a hostile array) are mapped through their distinct values instead, so that the
    work stays in proportion to the array, whatever its values."""
    if len(flat) == 0:
        return [item() for _ in range(len(lengths))]
    low, high = int(flat.min()), int(flat.max())
    if high - low <= 2 * len(flat) + 1024:
        ints = np.empty(high - low + 1, dtype=object)
        ints[:] = range(low, high + 1)
        shared = ints[flat - low]
    else:
        distinct, where = np.unique(flat, return_inverse=True)
        ints = np.empty(len(distinct), dtype=object)
        ints[:] = distinct.tolist()
        shared = ints[where.ravel()]
    ends = np.cumsum(lengths).tolist()
    enabled = gc.isenabled()
    gc.disable()  # many new lists, none of them garbage: about twice as fast
    try:
        rows = [shared[a:b].tolist() for a, b in zip([0, *ends[:-1]], ends)]
    finally:
        if enabled:
            gc.enable()
    return rows if item is list else [item(r) for r in rows]


def object_array(rows) -> np.ndarray:
    """A 1-D object array of the rows (lists stay lists, whatever their lengths: np.array would make a 2-D array of
    equal-length lists)."""
    return np.fromiter(rows, dtype=object, count=len(rows))


def array_digest(value) -> str:
    """A digest of an array's values and shape; integer-valued arrays share it whatever their dtype
    (the padded reviews as int32, int64 or float32 are the same reviews)."""
    arr = np.asarray(value)
    if arr.dtype.kind == "f" and arr.size and np.isfinite(arr).all() and (arr == np.round(arr)).all() \
            and float(np.abs(arr).max()) < 2 ** 53:
        arr = arr.astype(np.int64)
    elif arr.dtype.kind in "biu":
        arr = arr.astype(np.int64)
    h = hashlib.sha256(f"{arr.dtype.kind}{arr.dtype.itemsize}{arr.shape}".encode())
    h.update(np.ascontiguousarray(arr).tobytes())
    return h.hexdigest()[:32]
