"""Values as JSON-able trees (kata.shared.codec): big arrays and ragged reviews go to files beside the tree."""

from __future__ import annotations

import base64
import itertools
import math
from pathlib import PurePath

import numpy as np

from kata.shared.codec.values import (INLINE, MAX_DEPTH, MAX_FILE, MAX_ITEMS, MAX_STRING, NUMERIC_KINDS, RAGGED_MIN,
                                      Box, ragged_digest, ragged_parts, short_repr, type_name)

PLAIN = {int, str, bool, type(None)}  # values JSON carries exactly (floats may be NaN: not here)


def encode(value, box: Box, hooks=(), same: dict | None = None, known: dict | None = None):
    """value as a JSON-able tree (files into box.folder). hooks: functions (value, box, enc) -> tree or None,
    for kinds one side knows (Keras models, figures). same: {id(obj): name} of objects to name, not copy.
    known: {digest: name} of big values the other side has already: one equal to them is sent as its name
    (the other side compares the digest with its own; nothing else is taken on trust)."""
    return _Encoder(box, hooks, same, known).enc(value, 0)


def _toolarge(type_text: str, text: str) -> dict:
    return {"$t": "toolarge", "type": type_text, "repr": text}


def _scalar(v):
    """None, bool, str, int, float: themselves (or a tagged stand-in), else None when v is not one of them."""
    t = type(v)
    if v is None or t is bool:
        return v
    if t is str:
        return v if len(v) <= MAX_STRING else _toolarge("str", f"a string of {len(v):,} characters")
    if t is int:
        return v if abs(v) < 2 ** 63 else {"$t": "bigint", "v": str(v)}
    if t is float:
        return v if math.isfinite(v) else {"$t": "float", "v": repr(v)}
    return None


_SCALARS = (type(None), bool, str, int, float)


class _Encoder:
    def __init__(self, box: Box, hooks, same, known):
        self.box, self.hooks, self.known = box, hooks, known
        self.same = dict(same or {})
        self.repeated: dict[int, object] = {}  # id -> the object (kept alive), for objects a hook sent once already

    def enc(self, v, depth: int):
        self.box.tick()
        if depth > MAX_DEPTH:
            return _toolarge(type_name(v), "nested too deeply")
        if type(v) in _SCALARS:
            return _scalar(v)
        if id(v) in self.same:
            return {"$t": "same", "v": self.same[id(v)]}
        hooked = self._hooked(v, depth)
        if hooked is not None:
            return hooked
        if isinstance(v, np.generic):
            return _enc_scalar(v)
        if isinstance(v, np.ndarray):
            return self._array(v, depth)
        handler = _BY_TYPE.get(type(v))
        if handler is not None:
            return handler(self, v, depth)
        base = _plain_base(v)
        if base is not None:  # an OrderedDict, a defaultdict, a namedtuple, a str or int subclass: as its base type
            return self.enc(base, depth)
        if isinstance(v, PurePath):
            return {"$t": "path", "v": str(v)}
        return {"$t": "object", "type": type_name(v), "repr": short_repr(v)}

    def _hooked(self, v, depth):
        for hook in self.hooks:
            out = hook(v, self.box, lambda x: self.enc(x, depth + 1))
            if out is not None:
                name = f"obj{len(self.repeated)}"
                self.repeated[id(v)] = v
                self.same[id(v)] = name
                out["$id"] = name
                return out
        return None

    def _sequence(self, v, depth):
        ragged = _enc_ragged(v, self.box, type(v).__name__, self.known)
        if ragged is not None:
            return ragged
        if len(v) > 16 and set(map(type, v)) <= PLAIN:  # many plain items: as they are (checked on decode)
            self.box.tick(len(v))
            return {"$t": "plain", "kind": type(v).__name__, "v": list(v)}
        items = [self.enc(x, depth + 1) for x in v]
        return items if type(v) is list else {"$t": "tuple", "v": items}

    def _dict(self, v, depth):
        keys = list(v.keys())
        if len(keys) > 16 and set(map(type, keys)) <= {int, str} and set(map(type, v.values())) <= PLAIN:
            self.box.tick(2 * len(keys))
            return {"$t": "pdict", "k": keys, "v": list(v.values())}
        if all(type(k) is str for k in keys):
            return {"$t": "sdict", "v": {k: self.enc(v[k], depth + 1) for k in keys}}
        return {"$t": "dict", "k": [self.enc(k, depth + 1) for k in keys], "v": [self.enc(v[k], depth + 1) for k in keys]}

    def _set(self, v, depth):
        return {"$t": type(v).__name__, "v": [self.enc(x, depth + 1) for x in v]}

    def _bytes(self, v, depth):
        if len(v) > MAX_STRING:
            return _toolarge("bytes", f"{len(v):,} bytes")
        return {"$t": "bytes", "v": base64.b64encode(v).decode()}

    def _range(self, v, depth):
        return {"$t": "range", "v": [v.start, v.stop, v.step]}

    def _complex(self, v, depth):
        return {"$t": "complex", "v": [self.enc(v.real, depth + 1), self.enc(v.imag, depth + 1)]}

    def _array(self, v: np.ndarray, depth):
        if v.dtype == object:
            ragged = _enc_ragged(v, self.box, "ndarray", self.known) if v.ndim == 1 else None
            if ragged is not None:
                return ragged
            if v.size > MAX_ITEMS // 4:
                return _toolarge("numpy.ndarray", f"object array of shape {v.shape}")
            return {"$t": "ndo", "shape": list(v.shape), "v": [self.enc(x, depth + 1) for x in v.ravel(order="C")]}
        return _enc_array(v, self.box)


def _plain_base(v):
    """v as the built-in type it subclasses (its items and value, not its own methods), or None."""
    for base in (dict, list, tuple, set, frozenset):
        if isinstance(v, base):
            return base(base.__iter__(v)) if base is not dict else {k: dict.__getitem__(v, k) for k in dict.__iter__(v)}
    for base in (int, float, str):
        if isinstance(v, base):
            return {int: int.__index__, float: float.__float__, str: str.__str__}[base](v)
    return None


_BY_TYPE = {list: _Encoder._sequence, tuple: _Encoder._sequence, dict: _Encoder._dict, set: _Encoder._set,
            frozenset: _Encoder._set, bytes: _Encoder._bytes, range: _Encoder._range, complex: _Encoder._complex}


def _enc_scalar(v: np.generic):
    dtype = v.dtype
    if dtype.kind not in NUMERIC_KINDS or dtype.kind in "mMUS":
        return {"$t": "object", "type": type_name(v), "repr": short_repr(v)}
    item = v.item()
    if isinstance(item, float) and not math.isfinite(item):
        item = {"$t": "float", "v": repr(item)}
    elif isinstance(item, complex):
        item = [item.real, item.imag]
    return {"$t": "np", "dtype": dtype.str, "v": item}


def _enc_array(v: np.ndarray, box: Box):
    if v.dtype.kind not in NUMERIC_KINDS or v.dtype.fields is not None:
        return {"$t": "object", "type": "numpy.ndarray", "repr": f"array of dtype {v.dtype}, shape {v.shape}"}
    if v.size <= INLINE and v.dtype.kind in "biuf":
        return {"$t": "nd", "dtype": v.dtype.str, "shape": list(v.shape),
                "v": [x if not isinstance(x, float) or math.isfinite(x) else {"$t": "float", "v": repr(x)}
                      for x in v.ravel(order="C").tolist()]}
    if v.nbytes > MAX_FILE:
        return _toolarge("numpy.ndarray", f"array of shape {v.shape} ({v.nbytes:,} bytes)")
    name, path = box.new_file(".npy")
    np.save(path, np.ascontiguousarray(v), allow_pickle=False)
    return {"$t": "nd", "file": name}


def _enc_ragged(v, box: Box, container: str, known: dict | None = None):
    """A sequence of at least RAGGED_MIN lists of Python ints as one flat int64 array and the lengths."""
    if len(v) < RAGGED_MIN:
        return None
    kinds = set(map(type, v))
    if len(kinds) != 1 or not kinds <= {list, tuple}:
        return None
    if not set(map(type, itertools.chain.from_iterable(v))) <= {int}:
        return None
    try:
        lengths, flat = ragged_parts(v)
    except OverflowError:
        return None
    item = next(iter(kinds)).__name__
    if known:
        digest = ragged_digest(container, item, lengths, flat)
        if digest in known:
            return {"$t": "known", "v": known[digest], "digest": digest}
    name, path = box.new_file(".npz")
    with open(path, "wb") as f:
        np.savez(f, flat=flat, lengths=lengths)
    return {"$t": "ragged", "container": container, "item": item, "file": name}
