"""Trees as values again (kata.shared.codec), whatever the tree: every malformed, truncated, hostile or oversized
input ends in CodecError, and every file is checked before it is read (its header's shape against its size)."""

from __future__ import annotations

import base64
import os
import re
import zipfile
from pathlib import Path

import numpy as np

from kata.shared.codec.values import (MAX_DEPTH, MAX_FILE, MAX_IDS, NUMERIC_KINDS, Box, CodecError, Opaque, TooLarge,
                                      object_array, short_repr, unflatten)
from kata.shared.framing import FramingError

PLAIN = {int, str, bool, type(None)}
# What a decoder meets on hostile input besides its own checks: each is the input's fault, said as CodecError.
INPUT_FAULTS = (ValueError, TypeError, KeyError, IndexError, AttributeError, OverflowError, RecursionError,
                MemoryError, OSError, EOFError, zipfile.BadZipFile, UnicodeError)


def decode(tree, box: Box, hooks: dict | None = None, same: dict | None = None):
    """The value a tree describes. hooks: {tag: function(node, box, dec)} for the kinds this side reads
    (anything else unknown is Opaque). same: {name: value} that `same` nodes stand for."""
    try:
        return _Decoder(box, hooks or {}, same if same is not None else {}).dec(tree, 0)
    except (CodecError, FramingError):
        raise
    except INPUT_FAULTS as exc:
        raise CodecError(f"unreadable value ({type(exc).__name__})") from None


def _list(x) -> list:
    if type(x) is not list:
        raise CodecError("expected a list")
    return x


def _plain_items(items) -> list:
    """A list of plain JSON values, checked: ints, strings, bools, None only."""
    if type(items) is not list or not set(map(type, items)) <= PLAIN:
        raise CodecError("bad plain values")
    return items


class _Decoder:
    def __init__(self, box: Box, hooks: dict, same: dict):
        self.box, self.hooks, self.same = box, hooks, same

    def dec(self, node, depth: int):
        self.box.tick()
        if depth > MAX_DEPTH:
            raise CodecError("nested too deeply")
        if node is None or type(node) in (bool, int, str, float):
            return node
        if type(node) is list:
            return [self.dec(x, depth + 1) for x in node]
        if type(node) is not dict or "$t" not in node:
            raise CodecError(f"not a value: {short_repr(node, 80)}")
        tag = node["$t"]
        if tag in self.hooks:
            value = self.hooks[tag](node, self.box, lambda x: self.dec(x, depth + 1))
            if isinstance(node.get("$id"), str) and node["$id"].startswith("obj"):
                self.same[node["$id"]] = value
            return value
        handler = _TAGS.get(tag)
        if handler is None:  # a kind this side does not read
            return Opaque(str(node.get("type", tag))[:200], str(node.get("repr", f"<{tag}>"))[:300])
        return handler(self, node, depth)

    def _plain(self, node, depth):
        items = _plain_items(node["v"])
        self.box.tick(len(items))
        return tuple(items) if node.get("kind") == "tuple" else list(items)

    def _pdict(self, node, depth):
        keys, values = _plain_items(node["k"]), _plain_items(node["v"])
        if len(keys) != len(values) or not set(map(type, keys)) <= {int, str}:
            raise CodecError("bad dict")
        self.box.tick(2 * len(keys))
        return dict(zip(keys, values))

    def _tuple(self, node, depth):
        return tuple(self.dec(x, depth + 1) for x in _list(node["v"]))

    def _sdict(self, node, depth):
        items = node["v"]
        if type(items) is not dict:
            raise CodecError("bad dict")
        return {str(k): self.dec(x, depth + 1) for k, x in items.items()}

    def _dict(self, node, depth):
        keys, values = _list(node["k"]), _list(node["v"])
        if len(keys) != len(values):
            raise CodecError("bad dict")
        out = {}
        for k, x in zip(keys, values):
            key = self.dec(k, depth + 1)
            try:
                out[key] = self.dec(x, depth + 1)
            except TypeError:  # an unhashable key (a list): kept as text
                out[short_repr(key)] = self.dec(x, depth + 1)
        return out

    def _set(self, node, depth):
        items = [self.dec(x, depth + 1) for x in _list(node["v"])]
        try:
            return set(items) if node["$t"] == "set" else frozenset(items)
        except TypeError:
            return Opaque(node["$t"], short_repr(items))

    def _float(self, node, depth):
        text = node["v"]
        if text not in ("nan", "inf", "-inf"):
            raise CodecError("bad float")
        return float(text)

    def _bigint(self, node, depth):
        text = str(node["v"])
        if not re.fullmatch(r"-?\d{1,4300}", text):
            raise CodecError("bad int")
        return int(text)

    def _ndo(self, node, depth):
        shape = tuple(int(n) for n in _list(node["shape"]))
        items = [self.dec(x, depth + 1) for x in _list(node["v"])]
        out = np.empty(len(items), dtype=object)
        out[:] = items if items else []
        return out.reshape(shape)

    def _complex(self, node, depth):
        a, b = (self.dec(x, depth + 1) for x in _list(node["v"]))
        return complex(float(a), float(b))

    def _same(self, node, depth):
        name = node["v"]
        if not isinstance(name, (str, int)) or name not in self.same:
            raise CodecError("bad reference")
        return self.same[name]

    def _range(self, node, depth):
        a, b, c = (int(x) for x in _list(node["v"]))
        return range(a, b, c)


def _toolarge(decoder, node, depth):
    return TooLarge(str(node.get("type", "?"))[:200], str(node.get("repr", "?"))[:300])


_TAGS = {
    "plain": _Decoder._plain, "pdict": _Decoder._pdict, "tuple": _Decoder._tuple, "sdict": _Decoder._sdict,
    "dict": _Decoder._dict, "set": _Decoder._set, "frozenset": _Decoder._set, "float": _Decoder._float,
    "bigint": _Decoder._bigint, "ndo": _Decoder._ndo, "complex": _Decoder._complex, "same": _Decoder._same,
    "range": _Decoder._range, "toolarge": _toolarge,
    "np": lambda d, node, depth: _dec_scalar(node),
    "nd": lambda d, node, depth: _dec_array(node, d.box),
    "ragged": lambda d, node, depth: _dec_ragged(node, d.box),
    "bytes": lambda d, node, depth: base64.b64decode(str(node["v"]), validate=True),
    "path": lambda d, node, depth: Path(str(node["v"])),
}


def _dtype(text) -> np.dtype:
    try:
        dtype = np.dtype(str(text))
    except TypeError:
        raise CodecError(f"bad dtype {short_repr(text, 40)}") from None
    return _numeric(dtype)


def _numeric(dtype: np.dtype) -> np.dtype:
    if dtype.kind not in NUMERIC_KINDS or dtype.fields is not None or dtype.hasobject or dtype.subdtype is not None:
        raise CodecError(f"bad dtype {short_repr(dtype, 40)}")
    return dtype


def _dec_scalar(node):
    dtype = _dtype(node["dtype"])
    v = node["v"]
    if type(v) is dict and v.get("$t") == "float":
        v = float(v["v"]) if v["v"] in ("nan", "inf", "-inf") else 0.0
    if dtype.kind == "c":
        v = complex(*v)
    if type(v) not in (int, float, bool, complex):
        raise CodecError("bad scalar")
    return dtype.type(v)


def read_npy(f, size: int) -> np.ndarray:
    """An array from an open .npy file of `size` bytes: its header read first, and the array read only when
    the header's dtype is a plain numeric one and its shape fits the bytes the file has (no pickle, no
    allocation larger than the file)."""
    version = np.lib.format.read_magic(f)
    if version == (1, 0):
        shape, fortran, dtype = np.lib.format.read_array_header_1_0(f)
    elif version in ((2, 0), (3, 0)):
        shape, fortran, dtype = np.lib.format.read_array_header_2_0(f)
    else:
        raise CodecError("unknown array format")
    dtype = _numeric(np.dtype(dtype))
    count = int(np.prod(shape, dtype=object)) if shape else 1
    if count * dtype.itemsize != size - f.tell():
        raise CodecError("an array whose shape does not fit its file")
    data = f.read(count * dtype.itemsize)
    arr = np.frombuffer(data, dtype=dtype, count=count).copy()
    return arr.reshape(shape[::-1]).transpose() if fortran else arr.reshape(shape)


def _dec_array(node, box: Box) -> np.ndarray:
    if "file" in node:
        path = box.open_file(node["file"])
        with _open_regular(path) as f:
            return read_npy(f, os.fstat(f.fileno()).st_size)
    dtype = _dtype(node["dtype"])
    shape = tuple(int(n) for n in _list(node["shape"]))
    values = [float(x["v"]) if type(x) is dict and x.get("$t") == "float" else x for x in _list(node["v"])]
    if any(type(x) not in (int, float, bool) for x in values):
        raise CodecError("bad array values")
    return np.array(values, dtype=dtype).reshape(shape)


def _open_regular(path: Path):
    """A file opened without following a link (the tree named it; its folder was written by the other side)."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
    return os.fdopen(fd, "rb")


def read_npz(path: Path, names: tuple) -> dict:
    """The arrays `names` of an .npz file written by np.savez: exactly those members, stored (not compressed:
    no zip bomb), each within MAX_FILE, each read with read_npy's checks."""
    with _open_regular(path) as raw, zipfile.ZipFile(raw) as z:
        infos = {i.filename: i for i in z.infolist()}
        if set(infos) != {f"{n}.npy" for n in names}:
            raise CodecError("an archive with other members than expected")
        out = {}
        for name in names:
            info = infos[f"{name}.npy"]
            if info.compress_type != zipfile.ZIP_STORED or info.file_size > MAX_FILE:
                raise CodecError("a compressed or oversized archive member")
            with z.open(info) as member:
                out[name] = read_npy(member, info.file_size)
        return out


def _dec_ragged(node, box: Box):
    arrays = read_npz(box.open_file(node["file"]), ("flat", "lengths"))
    flat, lengths = arrays["flat"], arrays["lengths"]
    if flat.ndim != 1 or lengths.ndim != 1 or flat.dtype.kind not in "iu" or lengths.dtype.kind not in "iu" \
            or len(flat) > MAX_IDS or (lengths < 0).any() or int(lengths.sum()) != len(flat):
        raise CodecError("bad ragged array")
    box.tick(len(lengths))
    item = list if node.get("item") == "list" else tuple
    rows = unflatten(flat, lengths, item)
    container = node.get("container")
    if container == "ndarray":
        return object_array(rows)
    return rows if container == "list" else tuple(rows)
