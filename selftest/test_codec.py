"""The codec that crosses the trust boundary (kata.shared.codec, kata.shared.framing), tried with generated values:
every value it carries comes back equal and of the same type; every tree, file or line it is handed, however
malformed, truncated, nested or large, ends in a value or in CodecError, never in another exception, and never
costs the reader more memory than the input's own size allows."""

from __future__ import annotations

import io
import json
import math
import tracemalloc
import zipfile
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kata.shared import codec, framing
from kata.shared.codec.values import RAGGED_MIN

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                           HealthCheck.too_slow])

scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True), st.text(max_size=30),
                    st.binary(max_size=30), st.complex_numbers(allow_nan=False),
                    st.integers(-2**31, 2**31 - 1).map(np.int32), st.floats(width=32).map(np.float32))
arrays = st.one_of(
    st.lists(st.integers(-1000, 1000), min_size=0, max_size=200).map(lambda v: np.asarray(v, dtype=np.int64)),
    st.lists(st.floats(width=32), min_size=1, max_size=100).map(lambda v: np.asarray(v, dtype=np.float32)),
)
ragged = st.lists(st.lists(st.integers(0, 90_000), max_size=20), min_size=RAGGED_MIN, max_size=RAGGED_MIN + 20)
keys = st.one_of(st.text(max_size=10), st.integers(-50, 50))
values = st.recursive(st.one_of(scalars, arrays, ragged),
                      lambda inner: st.one_of(st.lists(inner, max_size=5), st.tuples(inner, inner),
                                              st.dictionaries(keys, inner, max_size=5),
                                              st.frozensets(st.integers(), max_size=5)),
                      max_leaves=20)


def same(a, b) -> bool:
    """Equal, and of the same type, all the way down (NaN equal to NaN)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, np.ndarray):
        return a.dtype == b.dtype and a.shape == b.shape and bool(np.array_equal(a, b, equal_nan=a.dtype.kind == "f"))
    if isinstance(a, (float, np.floating)):
        return (math.isnan(a) and math.isnan(b)) or a == b
    if isinstance(a, complex):
        return a == b
    if isinstance(a, (list, tuple)):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    if isinstance(a, dict):
        return list(a) == list(b) and all(same(a[k], b[k]) for k in a)
    return a == b


def trip(value, folder: Path):
    tree = codec.encode(value, codec.Box(folder))
    framing.write_json(folder / "value.json", tree)
    return codec.decode(framing.read_json(folder / "value.json"), codec.Box(folder))


@SETTINGS
@given(value=values)
def test_every_value_it_carries_comes_back_the_same(tmp_path_factory, value):
    folder = tmp_path_factory.mktemp("trip")
    assert same(trip(value, folder), value)


def hostile_nodes():
    tags = st.sampled_from(["plain", "pdict", "tuple", "sdict", "dict", "set", "frozenset", "float", "bigint", "np",
                            "nd", "ndo", "ragged", "bytes", "range", "path", "complex", "same", "toolarge", "object",
                            "known", "model", "nonsense"])
    leaf = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), st.text(max_size=12))
    return st.recursive(leaf, lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(st.sampled_from(["$t", "v", "k", "file", "dtype", "shape", "kind", "container", "item", "$id"]),
                        inner, max_size=5),
        st.builds(lambda tag, v: {"$t": tag, "v": v}, tags, inner),
        st.builds(lambda tag, d: {"$t": tag, **d}, tags, st.dictionaries(st.sampled_from(
            ["v", "k", "file", "dtype", "shape", "kind", "container", "item"]), inner, max_size=4)),
    ), max_leaves=25)


@SETTINGS
@given(tree=hostile_nodes())
def test_any_tree_ends_in_a_value_or_codec_error(tmp_path_factory, tree):
    folder = tmp_path_factory.mktemp("hostile")
    (folder / "v0.npy").write_bytes(b"\x93NUMPY garbage")
    try:
        codec.decode(tree, codec.Box(folder))
    except codec.CodecError:
        pass


@SETTINGS
@given(data=st.binary(max_size=400))
def test_any_bytes_as_a_file_end_in_a_value_or_codec_error(tmp_path_factory, data):
    folder = tmp_path_factory.mktemp("files")
    (folder / "v0.npy").write_bytes(data)
    (folder / "v1.npz").write_bytes(data)
    for node in ({"$t": "nd", "file": "v0.npy"}, {"$t": "ragged", "file": "v1.npz", "container": "list", "item": "list"}):
        try:
            codec.decode(node, codec.Box(folder))
        except codec.CodecError:
            pass


@SETTINGS
@given(value=values, cut=st.integers(0, 2000))
def test_a_truncated_result_ends_in_codec_error(tmp_path_factory, value, cut):
    folder = tmp_path_factory.mktemp("cut")
    text = json.dumps(codec.encode(value, codec.Box(folder)))
    (folder / "value.json").write_text(text[:cut])
    try:
        codec.decode(framing.read_json(folder / "value.json"), codec.Box(folder))
    except codec.CodecError:
        pass
    for path in folder.glob("*.np*"):  # and every file it names, cut short
        path.write_bytes(path.read_bytes()[: cut % max(1, path.stat().st_size)])
    try:
        codec.decode(json.loads(text), codec.Box(folder))
    except codec.CodecError:
        pass


def test_a_result_nested_100000_deep_is_a_codec_error(tmp_path):
    path = tmp_path / "result.json"
    path.write_text("[" * 100_000 + "]" * 100_000)
    with pytest.raises(codec.CodecError):
        framing.read_json(path)
    with pytest.raises(codec.CodecError):
        codec.decode(json.loads("[" * 500 + "]" * 500), codec.Box(tmp_path))


def _peak_mb(run) -> float:
    tracemalloc.start()
    try:
        run()
    except codec.CodecError:
        pass
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak / 2 ** 20


def test_an_array_file_that_claims_more_than_it_holds_costs_nothing(tmp_path):
    header = io.BytesIO()
    np.lib.format.write_array_header_1_0(header, {"descr": "<f8", "fortran_order": False, "shape": (10**6, 10**6)})
    (tmp_path / "v0.npy").write_bytes(b"\x93NUMPY\x01\x00" + header.getvalue()[8:] + b"\0" * 1000)
    assert _peak_mb(lambda: codec.decode({"$t": "nd", "file": "v0.npy"}, codec.Box(tmp_path))) < 5


def test_a_ragged_array_with_ids_far_apart_costs_its_own_size(tmp_path):
    """Ids from 0 to 2**62 in a small file: the reader's work follows the file, not the range of its values."""
    flat = np.array([0, 2**62, 5, 2**61] * 1000, dtype=np.int64)
    with open(tmp_path / "v0.npz", "wb") as f:
        np.savez(f, flat=flat, lengths=np.full(1000, 4, dtype=np.int64))
    node = {"$t": "ragged", "file": "v0.npz", "container": "list", "item": "list"}
    assert _peak_mb(lambda: codec.decode(node, codec.Box(tmp_path))) < 20


def test_a_compressed_archive_is_refused_before_it_is_inflated(tmp_path):
    """A zip bomb: a deflated member that would inflate to 1 GB."""
    with zipfile.ZipFile(tmp_path / "v0.npz", "w", compression=zipfile.ZIP_DEFLATED) as z:
        z.writestr("flat.npy", b"\0" * 50_000_000)
        z.writestr("lengths.npy", b"\0" * 100)
    node = {"$t": "ragged", "file": "v0.npz", "container": "list", "item": "list"}
    with pytest.raises(codec.CodecError):
        codec.decode(node, codec.Box(tmp_path))


def test_a_link_or_a_fifo_is_never_read(tmp_path):
    import os

    (tmp_path / "secret").write_text("x")
    os.symlink(tmp_path / "secret", tmp_path / "v0.npy")
    os.mkfifo(tmp_path / "v1.npy")
    for name in ("v0.npy", "v1.npy", "../secret", "/etc/passwd"):
        with pytest.raises(codec.CodecError):
            codec.decode({"$t": "nd", "file": name}, codec.Box(tmp_path))


@SETTINGS
@given(chunks=st.lists(st.binary(max_size=60), max_size=8))
def test_the_framing_reader_gives_messages_or_framing_error(chunks):
    lines = framing.Lines()
    for chunk in chunks:
        try:
            for message in lines.feed(chunk):
                assert isinstance(message, dict) and isinstance(message["op"], str)
        except framing.FramingError:
            lines = framing.Lines()
