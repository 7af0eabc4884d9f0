"""The IMDB loader (kata.datasets.imdb) and its data cache (kata.cache.ragged_splits).

The loader promises the API and the results of `keras.datasets.imdb`. Most tests run on a tiny
synthetic data set written to tmp_path (KATA_DATA_DIR) with a private cache folder (KATA_CACHE_DIR),
and compare with `reference()`: Keras's documented steps written again here, independently.
One test reads the real offline copy and compares with values taken from real Keras data.
"""

from __future__ import annotations

import importlib
import inspect
import json
import os
import time
import traceback
from pathlib import Path

import numpy as np
import pytest

from kata.shared import cache
from kata.shared import imdb
from kata.shared.imdb import DataError

# Word ranks (1 = most frequent), as in Keras's imdb.npz: 6 train and 5 test reviews, all different,
# of different lengths, labels 0/1.
TRAIN = [[1, 2, 3], [4, 1], [5, 6, 7, 8], [2, 9, 9], [10, 1, 1, 3, 2], [7]]
TRAIN_Y = [1, 0, 1, 0, 0, 1]
TEST = [[3, 3], [11, 2, 1], [1], [8, 12, 4, 4], [6, 5]]
TEST_Y = [0, 1, 1, 0, 1]
WORDS = ["the", "and", "a", "of", "to", "is", "br", "in", "it", "i", "this", "that"]
WORD_INDEX = {word: rank for rank, word in enumerate(WORDS, start=1)}

KERAS_ORIGIN = "https://storage.googleapis.com/tensorflow/tf-keras-datasets/"
KERAS_NPZ_SHA256 = "69664113be75683a8fe16e3ed0ab59fda8886cb3cd7ada244f7d9544e4676b9f"
KERAS_WORD_INDEX_MD5 = "bfafd718b763782e994055a2d397834f"
OFFLINE = (f"URL fetch failure on {KERAS_ORIGIN}imdb.npz: None -- "
           "[Errno -3] Temporary failure in name resolution")  # what keras.utils.get_file raises offline
REAL_DATA = Path(os.environ.get("KATA_DATA_DIR") or "/work/shared/imdb")


# ---------------------------------------------------------------------------------------- helpers

def objects(seqs) -> np.ndarray:
    """A 1-D object array of Python lists, as Keras's imdb.npz holds (pickled)."""
    arr = np.empty(len(seqs), dtype=object)
    for i, seq in enumerate(seqs):
        arr[i] = list(seq)
    return arr


def write_npz(path: Path, train=TRAIN, train_y=TRAIN_Y, test=TEST, test_y=TEST_Y) -> Path:
    np.savez(path, x_train=objects(train), y_train=np.array(train_y, dtype=np.int64),
             x_test=objects(test), y_test=np.array(test_y, dtype=np.int64))
    return path


def reference(num_words=None, skip_top=0, maxlen=None, seed=113, start_char=1, oov_char=2, index_from=3,
              train=TRAIN, train_y=TRAIN_Y, test=TEST, test_y=TEST_Y):
    """keras.datasets.imdb.load_data's documented steps on the lists above, as plain lists
    `((x_train, y_train), (x_test, y_test))`, or the ValueError class when maxlen leaves nothing."""
    rng = np.random.RandomState(seed)  # ONE generator: the test order depends on the train draws
    head = [] if start_char is None else [start_char]
    splits = []
    for reviews, labels in ((train, train_y), (test, test_y)):
        order = rng.permutation(len(reviews))  # the same draws as shuffling np.arange(n) in place
        pairs = [(head + [w + (index_from or 0) for w in reviews[i]], labels[i]) for i in order]
        if maxlen:
            pairs = [(x, y) for x, y in pairs if len(x) < maxlen]
        splits.append(pairs)
    if maxlen and not all(splits):
        return ValueError
    top = num_words or max(w for pairs in splits for x, _ in pairs for w in x)  # Keras: that max is then out

    def kept(w):
        return skip_top <= w < top

    out = []
    for pairs in splits:
        if oov_char is None:
            xs = [[w for w in x if kept(w)] for x, _ in pairs]
        else:
            xs = [[w if kept(w) else oov_char for w in x] for x, _ in pairs]
        out.append((xs, [y for _, y in pairs]))
    return tuple(out)


def plain(result):
    """Check load_data's return types, then give the same data as plain lists (see reference)."""
    assert isinstance(result, tuple) and len(result) == 2, "want ((x_train, y_train), (x_test, y_test))"
    out = []
    for split in result:
        assert isinstance(split, tuple) and len(split) == 2
        xs, ys = split
        assert isinstance(xs, np.ndarray) and xs.dtype == object and xs.ndim == 1, (
            f"reviews must be a 1-D object array, got {type(xs).__name__} {getattr(xs, 'dtype', '')} "
            f"{getattr(xs, 'shape', '')}")
        assert all(type(x) is list for x in xs), "every review must be a Python list"
        assert all(type(w) is int for x in xs for w in x), "every word id must be a Python int"
        assert isinstance(ys, np.ndarray) and ys.dtype == np.int64 and ys.shape == (len(xs),), (
            f"labels must be an int array as long as the reviews, got {getattr(ys, 'dtype', type(ys))}")
        out.append(([list(x) for x in xs], ys.tolist()))
    return tuple(out)


def pairs(result):
    """The (review, label) pairs of each split, sorted: the content without the order."""
    return tuple(sorted(zip(map(tuple, xs), ys)) for xs, ys in plain(result))


def cache_files(folder: Path) -> list[Path]:
    return sorted(folder.glob("imdb-*.npz"))


def assert_one_clear_line(exc: BaseException, *needles: str) -> None:
    """A DataError message is one sentence-ish line that says what to do, with no chained traceback."""
    text = str(exc)
    assert text and "\n" not in text and "Traceback" not in text and len(text) < 500, text
    assert text.rstrip().endswith("."), text
    printed = "".join(traceback.format_exception(exc))  # as Python would print it, uncaught
    assert "During handling" not in printed and "direct cause" not in printed, "no chained traceback: raise ... from None"
    for needle in needles:
        assert needle in text, f"{needle!r} not in {text!r}"


def no_prepare(*args, **kwargs):
    raise AssertionError("_prepare ran: the result was not served from the cache")


def keras_utils():
    """The module `from keras.utils import get_file` reads (importing Keras takes a few seconds)."""
    return importlib.import_module("keras.utils")


@pytest.fixture
def data(tmp_path, monkeypatch):
    """A synthetic KATA_DATA_DIR with imdb.npz and imdb_word_index.json, and a private cache."""
    folder = tmp_path / "data"
    folder.mkdir()
    write_npz(folder / "imdb.npz")
    (folder / "imdb_word_index.json").write_text(json.dumps(WORD_INDEX), encoding="utf-8")
    monkeypatch.setenv("KATA_DATA_DIR", str(folder))
    monkeypatch.setenv("KATA_CACHE_DIR", str(tmp_path / "cache"))
    return folder


@pytest.fixture
def cache_dir(data, tmp_path):
    return tmp_path / "cache"


# ------------------------------------------------------------------------------------ the API

def test_signature_is_keras():
    """load_data and get_word_index take Keras's parameters, in Keras's order, with Keras's defaults."""
    def named(fn):
        return [(n, p.default) for n, p in inspect.signature(fn).parameters.items()
                if p.kind is inspect.Parameter.POSITIONAL_OR_KEYWORD]

    assert named(imdb.load_data) == [("path", "imdb.npz"), ("num_words", None), ("skip_top", 0), ("maxlen", None),
                                     ("seed", 113), ("start_char", 1), ("oov_char", 2), ("index_from", 3)]
    assert named(imdb.get_word_index) == [("path", "imdb_word_index.json")]
    assert issubclass(DataError, Exception)


def test_positional_arguments(data):
    """Arguments given by position mean what they mean in Keras."""
    assert plain(imdb.load_data("imdb.npz", 8, 5, 6, 7, 1, 2, 3)) == reference(
        num_words=8, skip_top=5, maxlen=6, seed=7, start_char=1, oov_char=2, index_from=3)


@pytest.mark.parametrize("kwargs", [{"nb_words": 100}, {"num_word": 100}, {"test_split": 0.2}])
def test_unknown_keyword_is_a_type_error(data, kwargs):
    """A misspelt or retired keyword (nb_words) is a TypeError naming it, not silently ignored."""
    with pytest.raises(TypeError, match=next(iter(kwargs))):
        imdb.load_data(num_words=10, **kwargs)


def test_get_word_index(data):
    """get_word_index returns the JSON's word -> rank dict, which decodes reviews as Keras documents."""
    index = imdb.get_word_index()
    assert type(index) is dict and index == WORD_INDEX
    (x_train, _), _ = imdb.load_data(num_words=100)  # num_words above the vocabulary: no word is out
    words = {rank + 3: word for word, rank in index.items()} | {1: "[START]", 2: "[OOV]"}
    decoded = sorted(" ".join(words[w] for w in x) for x in x_train)
    assert decoded == sorted(" ".join(["[START]"] + [WORDS[r - 1] for r in review]) for review in TRAIN)


# -------------------------------------------------------------------- parameters, by hand

def test_defaults_by_hand(data):
    """Defaults: start_char=1 first, ranks + index_from=3, and (as in Keras) the largest id becomes oov 2."""
    train, test = pairs(imdb.load_data())
    assert train == sorted([((1, 4, 5, 6), 1), ((1, 7, 4), 0), ((1, 8, 9, 10, 11), 1), ((1, 5, 12, 12), 0),
                            ((1, 13, 4, 4, 6, 5), 0), ((1, 10), 1)])
    # 12 + 3 = 15 is the largest id: num_words=None means max id, and ids must be < num_words
    assert test == sorted([((1, 6, 6), 0), ((1, 14, 5, 4), 1), ((1, 4), 1), ((1, 11, 2, 7, 7), 0), ((1, 9, 8), 1)])


def test_num_words_by_hand(data):
    """num_words=8: ids 8 and up become oov_char (2 by default, 0 if asked)."""
    train, test = pairs(imdb.load_data(num_words=8))
    assert train == sorted([((1, 4, 5, 6), 1), ((1, 7, 4), 0), ((1, 2, 2, 2, 2), 1), ((1, 5, 2, 2), 0),
                            ((1, 2, 4, 4, 6, 5), 0), ((1, 2), 1)])
    assert test == sorted([((1, 6, 6), 0), ((1, 2, 5, 4), 1), ((1, 4), 1), ((1, 2, 2, 7, 7), 0), ((1, 2, 2), 1)])
    train, _ = pairs(imdb.load_data(num_words=8, oov_char=0))
    assert ((1, 0, 0, 0, 0), 1) in train


def test_skip_top_by_hand(data):
    """skip_top=4: ids below 4 become oov_char, start_char 1 included (as in Keras)."""
    train, test = pairs(imdb.load_data(skip_top=4))
    assert train == sorted([((2, 4, 5, 6), 1), ((2, 7, 4), 0), ((2, 8, 9, 10, 11), 1), ((2, 5, 12, 12), 0),
                            ((2, 13, 4, 4, 6, 5), 0), ((2, 10), 1)])
    assert test == sorted([((2, 6, 6), 0), ((2, 14, 5, 4), 1), ((2, 4), 1), ((2, 11, 2, 7, 7), 0), ((2, 9, 8), 1)])


def test_oov_char_none_drops_words_by_hand(data):
    """oov_char=None drops the words outside skip_top <= id < num_words (reviews may end up empty)."""
    train, test = pairs(imdb.load_data(num_words=8, skip_top=5, oov_char=None))
    assert train == sorted([((5, 6), 1), ((7,), 0), ((), 1), ((5,), 0), ((6, 5), 0), ((), 1)])
    assert test == sorted([((6, 6), 0), ((5,), 1), ((), 1), ((7, 7), 0), ((), 1)])


def test_start_char_none_and_index_from_by_hand(data):
    """start_char=None adds no first id but still shifts by index_from; index_from=0 keeps the ranks."""
    train, test = pairs(imdb.load_data(start_char=None))
    assert train == sorted([((4, 5, 6), 1), ((7, 4), 0), ((8, 9, 10, 11), 1), ((5, 12, 12), 0),
                            ((13, 4, 4, 6, 5), 0), ((10,), 1)])
    assert test == sorted([((6, 6), 0), ((14, 5, 4), 1), ((4,), 1), ((11, 2, 7, 7), 0), ((9, 8), 1)])
    train, test = pairs(imdb.load_data(start_char=None, index_from=0, num_words=100))
    assert train == sorted(zip(map(tuple, TRAIN), TRAIN_Y)) and test == sorted(zip(map(tuple, TEST), TEST_Y))
    train, _ = pairs(imdb.load_data(start_char=7, index_from=10, oov_char=9, num_words=100))
    assert ((7, 11, 12, 13), 1) in train


def test_maxlen_by_hand(data):
    """maxlen drops (never cuts) reviews of maxlen ids or more, start_char counted; the max id is then
    taken over what is left."""
    train, test = pairs(imdb.load_data(maxlen=4))
    assert train == sorted([((1, 7, 4), 0), ((1, 2), 1)])  # [1, 10]: 10 is now the largest id
    assert test == sorted([((1, 6, 6), 0), ((1, 4), 1), ((1, 9, 8), 1)])
    train, test = pairs(imdb.load_data(maxlen=3, num_words=100))
    assert train == [((1, 10), 1)] and test == [((1, 4), 1)]


def test_single_or_equal_length_reviews_stay_lists(data, cache_dir):
    """One review left (or reviews of equal length) is still a 1-D object array of lists, fresh or cached."""
    for _ in range(2):  # computed, then read from the cache
        (x_train, _), (x_test, _) = result = imdb.load_data(maxlen=3)
        assert plain(result) == reference(maxlen=3)
        assert x_train.shape == (1,) and x_test.shape == (1,)
    assert len(cache_files(cache_dir)) == 1


@pytest.mark.parametrize("train, test", [
    ([[1, 2], [3, 4, 5]], [[1], [2, 3]]),  # maxlen=3 keeps train [1, 4] but no test review
    ([[1], [2, 3]], [[1, 2], [3, 4, 5]]),  # and the other way round
], ids=["test_empty", "train_empty"])
def test_maxlen_leaving_nothing_is_a_value_error(data, cache_dir, train, test):
    """When maxlen leaves no train or no test review: Keras's ValueError, and nothing cached."""
    write_npz(data / "imdb.npz", train, [0, 1], test, [1, 0])
    assert reference(maxlen=3, train=train, train_y=[0, 1], test=test, test_y=[1, 0]) is ValueError
    with pytest.raises(ValueError, match="maxlen=3"):
        imdb.load_data(maxlen=3)
    assert cache_files(cache_dir) == []
    assert plain(imdb.load_data(maxlen=4)) == reference(maxlen=4, train=train, train_y=[0, 1], test=test, test_y=[1, 0])


# ---------------------------------------------------------------------------------- shuffling

def test_one_rng_shuffles_train_then_test(data):
    """One np.random.RandomState(seed) shuffles train, then test (test order depends on the train draws);
    every label moves with its review."""
    rng = np.random.RandomState(113)
    train_order, test_order = rng.permutation(len(TRAIN)), rng.permutation(len(TEST))
    fresh_test_order = np.random.RandomState(113).permutation(len(TEST))
    assert list(test_order) != list(fresh_test_order), "test data must tell the two apart"
    (x_train, y_train), (x_test, y_test) = plain(imdb.load_data(start_char=None, index_from=0, num_words=100))
    assert x_train == [TRAIN[i] for i in train_order] and y_train == [TRAIN_Y[i] for i in train_order]
    assert x_test == [TEST[i] for i in test_order] and y_test == [TEST_Y[i] for i in test_order]


def test_seed(data):
    """The same seed gives the same order; other seeds other orders; the content never changes."""
    orders = {}
    for seed in (0, 1, 7, 113, 2**31 - 1):
        result = imdb.load_data(seed=seed)
        assert plain(result) == reference(seed=seed)
        assert pairs(result) == pairs(imdb.load_data())
        orders[seed] = plain(result)
    assert len({repr(o) for o in orders.values()}) > 1
    assert plain(imdb.load_data(seed=7)) == orders[7]


def test_seed_none_shuffles_anew_and_is_not_cached(data, cache_dir, monkeypatch):
    """seed=None is a fresh random order on every call, as in Keras: never a cached, frozen one."""
    calls = []
    prepare = imdb._prepare
    monkeypatch.setattr(imdb, "_prepare", lambda *a, **k: calls.append(1) or prepare(*a, **k))
    for _ in range(3):
        assert pairs(imdb.load_data(seed=None)) == pairs(imdb.load_data())
    assert len(calls) == 3 + 1 and len(cache_files(cache_dir)) == 1  # only the seed=113 call was cached


# ------------------------------------------------- every combination against the reference

COMBINATIONS = [
    {},
    {"num_words": 8},
    {"num_words": 8, "skip_top": 5},
    {"num_words": 8, "skip_top": 5, "oov_char": None},
    {"num_words": 8, "oov_char": 0},
    {"num_words": 100},
    {"skip_top": 4},
    {"skip_top": 4, "oov_char": None},
    {"maxlen": 4},
    {"maxlen": 5, "num_words": 9},
    {"maxlen": 6, "skip_top": 3, "oov_char": None},
    {"seed": 0},
    {"seed": 42, "num_words": 10},
    {"start_char": None},
    {"start_char": None, "index_from": 0},
    {"start_char": None, "index_from": 0, "num_words": 5, "oov_char": None},
    {"start_char": 7, "oov_char": 9, "index_from": 10},
    {"index_from": 0},
    {"index_from": 5, "num_words": 12, "skip_top": 6},
]


@pytest.mark.parametrize("params", COMBINATIONS, ids=lambda p: ",".join(f"{k}={v}" for k, v in p.items()) or "defaults")
def test_matches_reference(data, params, monkeypatch):
    """load_data(**params) equals the reference, computed and then from the cache."""
    expected = reference(**params)
    assert plain(imdb.load_data(**params)) == expected
    monkeypatch.setattr(imdb, "_prepare", no_prepare)
    assert plain(imdb.load_data(**params)) == expected


# ------------------------------------------------------------------------------------ cache

def test_second_load_is_served_from_cache(data, cache_dir, monkeypatch):
    """A second identical load gives identical results from the one cache file, without recomputing."""
    first = imdb.load_data(num_words=8, maxlen=6)
    files = cache_files(cache_dir)
    assert len(files) == 1
    monkeypatch.setattr(imdb, "_prepare", no_prepare)
    second = imdb.load_data(num_words=8, maxlen=6)
    assert plain(second) == plain(first) == reference(num_words=8, maxlen=6)
    assert cache_files(cache_dir) == files
    second[0][0][0].append(999)  # the caller owns its lists: a change does not leak into the next load
    assert plain(imdb.load_data(num_words=8, maxlen=6)) == plain(first)


def test_different_parameters_are_different_entries(data, cache_dir, monkeypatch):
    """Every parameter is part of the cache key: no load is answered with another's data."""
    variants = [{}, {"num_words": 8}, {"skip_top": 4}, {"maxlen": 5}, {"seed": 1}, {"start_char": 5},
                {"oov_char": 0, "num_words": 8}, {"oov_char": None, "num_words": 8}, {"index_from": 4}]
    for n, params in enumerate(variants, start=1):
        assert plain(imdb.load_data(**params)) == reference(**params)
        assert len(cache_files(cache_dir)) == n, f"{params} was answered from another entry"
    monkeypatch.setattr(imdb, "_prepare", no_prepare)
    for params in reversed(variants):
        assert plain(imdb.load_data(**params)) == reference(**params)


def test_changed_source_is_a_new_entry(data, cache_dir):
    """A source file with other content is another cache entry, even with the same size and mtime."""
    npz = data / "imdb.npz"
    now = time.time_ns()
    os.utime(npz, ns=(now, now))
    assert plain(imdb.load_data()) == reference()
    before = npz.stat()
    train = [list(r) for r in TRAIN]
    train[0] = [3, 2, 1]  # same words, same length: the same file size
    write_npz(npz, train=train)
    os.utime(npz, ns=(now, now))  # the same mtime, as a coarse file clock gives two quick writes
    assert npz.stat().st_size == before.st_size and npz.stat().st_mtime_ns == before.st_mtime_ns
    assert plain(imdb.load_data()) == reference(train=train), "stale cache hit after the source changed"
    assert len(cache_files(cache_dir)) == 2


DAMAGE = {
    "random_bytes": lambda p: p.write_bytes(np.random.RandomState(0).bytes(4000)),
    "truncated": lambda p: p.write_bytes(p.read_bytes()[: p.stat().st_size // 2]),
    "empty": lambda p: p.write_bytes(b""),
    "zeros": lambda p: p.write_bytes(bytes(p.stat().st_size)),
    "flipped_byte": lambda p: p.write_bytes(p.read_bytes()[:100] + bytes([p.read_bytes()[100] ^ 0xFF]) + p.read_bytes()[101:]),
    "other_arrays": lambda p: np.savez(p, something=np.arange(3)),
}


@pytest.mark.parametrize("damage", DAMAGE)
def test_damaged_cache_entry_is_rebuilt(data, cache_dir, monkeypatch, damage):
    """A damaged cache file is not an error: the data is made again and the entry rewritten."""
    imdb.load_data(num_words=8)
    (entry,) = cache_files(cache_dir)
    DAMAGE[damage](entry)
    assert plain(imdb.load_data(num_words=8)) == reference(num_words=8)
    assert cache_files(cache_dir) == [entry]
    monkeypatch.setattr(imdb, "_prepare", no_prepare)  # the rewritten entry is good
    assert plain(imdb.load_data(num_words=8)) == reference(num_words=8)


def test_cache_write_failure_still_returns_the_data(data, cache_dir, monkeypatch):
    """A full disk or read-only cache costs only speed: the data is still returned."""
    def full(*args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(cache, "atomic_write", full)
    assert plain(imdb.load_data()) == reference()
    assert cache_files(cache_dir) == []


def test_cache_stays_in_kata_cache_dir(data, tmp_path, monkeypatch):
    """Cache files go to KATA_CACHE_DIR (beside the lock that made one process prepare them), and no
    half-written temporary file is left."""
    other = tmp_path / "elsewhere"
    monkeypatch.setenv("KATA_CACHE_DIR", str(other))
    imdb.load_data()
    entry = cache_files(other)[0]
    assert sorted(p.name for p in other.iterdir()) == [f"{entry.stem}.lock", entry.name]
    assert not (tmp_path / "cache").exists()


# ------------------------------------------------------------------------------------ errors

def test_empty_data_dir(data, tmp_path, monkeypatch):
    """KATA_DATA_DIR naming a folder without the files: DataError naming KATA_DATA_DIR and the file."""
    empty = tmp_path / "empty"
    empty.mkdir()
    monkeypatch.setenv("KATA_DATA_DIR", str(empty))
    with pytest.raises(DataError) as info:
        imdb.load_data()
    assert_one_clear_line(info.value, "KATA_DATA_DIR", "imdb.npz", str(empty))
    with pytest.raises(DataError) as info:
        imdb.get_word_index()
    assert_one_clear_line(info.value, "KATA_DATA_DIR", "imdb_word_index.json")
    monkeypatch.setenv("KATA_DATA_DIR", str(tmp_path / "no such folder"))
    with pytest.raises(DataError) as info:
        imdb.load_data()
    assert_one_clear_line(info.value, "KATA_DATA_DIR")


def test_path_names_the_file_in_data_dir(data):
    """path= reads that file name from KATA_DATA_DIR; a name the folder does not have (the tutorial's
    path="/content/imdb.npz") reads Keras's own imdb.npz, as Keras does; without it, a DataError names it."""
    write_npz(data / "mine.npz", train=[[5, 5, 5], [6]], train_y=[1, 0])
    assert plain(imdb.load_data(path="mine.npz")) == reference(train=[[5, 5, 5], [6]], train_y=[1, 0])
    assert plain(imdb.load_data(path="/content/elsewhere/imdb_copy.npz")) == plain(imdb.load_data())
    (data / "imdb.npz").unlink()
    with pytest.raises(DataError) as info:
        imdb.load_data(path="missing.npz")
    assert_one_clear_line(info.value, "imdb.npz", "KATA_DATA_DIR")


CORRUPT_NPZ = {
    "random_bytes": lambda p: p.write_bytes(np.random.RandomState(1).bytes(5000)),
    "empty": lambda p: p.write_bytes(b""),
    "truncated": lambda p: p.write_bytes(p.read_bytes()[:300]),
    "text": lambda p: p.write_text("this is not a zip file\n"),
    "plain_npy": lambda p: p.write_bytes(_npy_bytes(np.arange(10))),
    "missing_array": lambda p: np.savez(p, x_train=objects(TRAIN), y_train=np.array(TRAIN_Y), x_test=objects(TEST)),
    "label_count": lambda p: write_npz(p, train_y=TRAIN_Y[:-1]),
}


def _npy_bytes(arr) -> bytes:
    import io

    buf = io.BytesIO()
    np.save(buf, arr)
    return buf.getvalue()


@pytest.mark.parametrize("kind", CORRUPT_NPZ)
def test_corrupt_npz(data, cache_dir, kind):
    """A corrupt or foreign imdb.npz is a DataError naming the file, never a numpy/pickle traceback."""
    CORRUPT_NPZ[kind](data / "imdb.npz")
    with pytest.raises(DataError) as info:
        imdb.load_data()
    assert_one_clear_line(info.value, "imdb.npz")
    assert cache_files(cache_dir) == []


@pytest.mark.parametrize("content", [b"", b'{"the": 1, "and', b"\xff\xfe\x00garbage", b"[1, 2, 3]", b'"text"',
                                     np.random.RandomState(2).bytes(300)],
                         ids=["empty", "truncated", "not_utf8", "a_list", "a_string", "random_bytes"])
def test_corrupt_word_index(data, content):
    """A corrupt imdb_word_index.json (or JSON that is not an object) is a DataError naming the file."""
    (data / "imdb_word_index.json").write_bytes(content)
    with pytest.raises(DataError) as info:
        imdb.get_word_index()
    assert_one_clear_line(info.value, "imdb_word_index.json")


def test_download_uses_keras_files_and_checksums(data, tmp_path, monkeypatch):
    """Without KATA_DATA_DIR, keras.utils.get_file fetches Keras's own files with Keras's checksums."""
    calls = []

    def get_file(fname, origin, file_hash=None, **kwargs):
        calls.append((fname, origin, file_hash))
        return str(data / ("imdb_word_index.json" if fname.endswith(".json") else "imdb.npz"))

    monkeypatch.delenv("KATA_DATA_DIR")
    monkeypatch.setattr(keras_utils(), "get_file", get_file)
    assert plain(imdb.load_data(num_words=8)) == reference(num_words=8)
    assert imdb.get_word_index() == WORD_INDEX
    imdb.load_data(path="my_imdb.npz")  # path names the local copy only, as in Keras
    assert calls == [("imdb.npz", KERAS_ORIGIN + "imdb.npz", KERAS_NPZ_SHA256),
                     ("imdb_word_index.json", KERAS_ORIGIN + "imdb_word_index.json", KERAS_WORD_INDEX_MD5),
                     ("my_imdb.npz", KERAS_ORIGIN + "imdb.npz", KERAS_NPZ_SHA256)]


@pytest.mark.parametrize("error", [
    Exception(OFFLINE),
    ValueError("Incomplete or corrupted file detected. The sha256 file hash does not match the provided value.\n"
               "Delete the file and try again."),
    PermissionError(13, "Permission denied", "/home/learner/.keras/datasets"),
], ids=["offline", "checksum", "permission"])
def test_download_failure(monkeypatch, tmp_path, error):
    """No KATA_DATA_DIR and no download: DataError saying to connect or to set KATA_DATA_DIR."""
    def get_file(*args, **kwargs):
        raise error

    monkeypatch.delenv("KATA_DATA_DIR", raising=False)
    monkeypatch.setenv("KATA_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(keras_utils(), "get_file", get_file)
    for load, name in ((imdb.load_data, "imdb.npz"), (imdb.get_word_index, "imdb_word_index.json")):
        with pytest.raises(DataError) as info:
            load()
        assert_one_clear_line(info.value, name, "internet", "KATA_DATA_DIR")


# ------------------------------------------------------------------------------- real data

@pytest.mark.e2e  # Keras's own loader on the real files (20 s): make test-e2e
def test_real_data_matches_keras(monkeypatch):
    """The offline copy gives what keras.datasets.imdb gives (values taken from real Keras data)."""
    if not REAL_DATA.is_dir():
        pytest.skip(f"no offline IMDB copy at {REAL_DATA} (set KATA_DATA_DIR to the folder with imdb.npz)")
    monkeypatch.setenv("KATA_DATA_DIR", str(REAL_DATA))  # the project's cache is used: fast after the first run
    (train_data, train_labels), (test_data, test_labels) = imdb.load_data(num_words=10000)
    assert train_data[0][:12] == [1, 14, 22, 16, 43, 530, 973, 1622, 1385, 65, 458, 4468]
    assert (len(train_data[0]), len(train_data[1])) == (218, 189)
    assert train_labels[0] == 1
    assert test_data[0][:14] == [1, 591, 202, 14, 31, 6, 717, 10, 10, 2, 2, 5, 4, 360]
    assert len(train_data) == len(train_labels) == len(test_data) == len(test_labels) == 25000
    assert max(max(x) for x in train_data) == 9999
    (train_all, _), (test_all, _) = imdb.load_data()
    assert max(max(x) for x in train_all) == 88586 and max(max(x) for x in test_all) <= 88586
    assert len(imdb.get_word_index()) == 88584


def test_a_read_only_cache_folder_still_returns_the_data(data, tmp_path, monkeypatch):
    """No lock and no entry can be written: the data is prepared and returned all the same."""
    def read_only(*args):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(cache, "lock", read_only)
    monkeypatch.setattr(cache, "atomic_write", lambda *a: read_only(a))
    assert plain(imdb.load_data(num_words=8)) == reference(num_words=8)


def test_two_loads_at_once_prepare_once(data, cache_dir, monkeypatch):
    """Two processes (or threads) asking for the same new entry: one prepares it, the other reads it."""
    import threading
    import time

    calls = []
    prepare = imdb._prepare

    def slow_prepare(*args, **kwargs):
        calls.append(1)
        time.sleep(0.3)  # long enough for the second load to arrive while the first prepares
        return prepare(*args, **kwargs)

    monkeypatch.setattr(imdb, "_prepare", slow_prepare)
    results = []
    loads = [threading.Thread(target=lambda: results.append(plain(imdb.load_data(num_words=8)))) for _ in range(2)]
    for load in loads:
        load.start()
    for load in loads:
        load.join()
    assert results == [reference(num_words=8)] * 2 and len(calls) == 1, f"prepared {len(calls)} times"
