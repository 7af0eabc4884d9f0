"""The reference pipeline's data: the reviews as load_data gives them, padded, split; the word indexes; the
arrays a learner has at hand by step 8, and which of them a learner's array is."""

from __future__ import annotations

import gc
import zipfile
from functools import lru_cache
from pathlib import Path

import numpy as np

from kata.shared import cache, digest
from kata.shared.post import MAXLEN, NUM_WORDS, RESERVED, VALIDATION


def data_digest() -> str:
    from kata.shared.imdb import data_file

    return digest.of_still_file(data_file("imdb.npz", ""))[:16]


@lru_cache(maxsize=None)
def data():
    """`(x_train, y_train), (x_test, y_test)` as `load_data(num_words=10000)` gives them (ragged).

    Checked before use: a damaged cache entry is made again; data of the wrong shape is the kata's fault."""
    from kata.shared import imdb

    result = imdb.load_data(num_words=NUM_WORDS)
    if not _plausible(result):
        for stale in cache.folder().glob("imdb-*.npz"):  # a damaged or foreign cache entry: made again
            stale.unlink(missing_ok=True)
        result = imdb.load_data(num_words=NUM_WORDS)
        if not _plausible(result):
            raise imdb.DataError("The IMDB data the kata reads does not have 25,000 training and 25,000 test reviews "
                                 "with labels 0 and 1: replace imdb.npz with a good copy (KATA_DATA_DIR).")
    gc.freeze()  # 12 million ids out of the collector's sight: every full collection would walk them again
    from kata.judge.known import name_input

    key = f"{data_digest()}-{cache.key(source_digest())[:8]}"
    name_input(result[0][0], f"ragged-train-{key}")
    name_input(result[1][0], f"ragged-test-{key}")
    _know_reviews(result, key)
    return result


def _know_reviews(result, key: str) -> None:
    """The digests of the reviews as load_data gives them (kata.shared.codec.ragged_digest), stored once: a
    learner's load_imdb that returns exactly these sends their digest, not 12 million ids."""
    from kata.shared import codec
    from kata.judge.known import know

    name = f"known-{key}"
    stored = cache.get_json(name, cache.folder("judge"))
    if not (isinstance(stored, list) and len(stored) == 2 and all(isinstance(d, str) for d in stored)):
        stored = [codec.ragged_digest("ndarray", "list", *codec.ragged_parts(split[0])) for split in result]
        try:
            cache.put_json(name, stored, cache.folder("judge"))
        except OSError:
            pass
    for split, value_digest in zip(result, stored):
        know(split[0], f"reviews-{value_digest[:8]}", value_digest)


def _plausible(result, num_words=NUM_WORDS) -> bool:
    try:
        (x, y), (xt, yt) = result
        return len(x) == len(y) == len(xt) == len(yt) == 25000 and set(np.unique(y).tolist()) == {0, 1} \
            and isinstance(x[0], list) and 0 < len(x[0]) and max(x[0]) < (num_words or 10 ** 6)
    except Exception:
        return False


def _index_digest() -> str:
    from kata.shared.imdb import data_file

    return digest.of_still_file(data_file("imdb_word_index.json", ""))[:16]


@lru_cache(maxsize=None)
def raw_word_index() -> dict:
    from kata.judge.known import name_input as named
    from kata.shared import imdb

    index = imdb.get_word_index()
    if len(index) < 1000 or not all(isinstance(v, int) for v in list(index.values())[:100]):
        raise imdb.DataError("The word index the kata reads is not IMDB's (a dict of about 88,000 words): replace "
                             "imdb_word_index.json with a good copy (KATA_DATA_DIR).")
    return named(index, f"raw-index-{_index_digest()}")


@lru_cache(maxsize=None)
def word_index() -> dict:
    from kata.judge.known import name_input as named

    index = {word: rank + 3 for word, rank in raw_word_index().items()}
    index.update(RESERVED)
    return named(index, f"word-index-{_index_digest()}")


@lru_cache(maxsize=None)
def reverse_word_index() -> dict:
    from kata.judge.known import name_input as named

    return named({i: w for w, i in word_index().items()}, f"reverse-index-{_index_digest()}")


def decode(ids) -> str:
    reverse = reverse_word_index()
    return " ".join(reverse.get(int(i), "?") for i in ids)


def pad(seqs, maxlen=MAXLEN, padding="post", truncating="pre", value=RESERVED["<PAD>"], dtype="int32") -> np.ndarray:
    """What `keras.utils.pad_sequences` does, in NumPy: no TensorFlow import for the steps that only pad."""
    out = np.full((len(seqs), maxlen), value, dtype=dtype)
    for i, seq in enumerate(seqs):
        seq = seq[-maxlen:] if truncating == "pre" else seq[:maxlen]
        if len(seq):
            if padding == "post":
                out[i, : len(seq)] = seq
            else:
                out[i, maxlen - len(seq):] = seq
    return out


@lru_cache(maxsize=None)
def padded():
    """(x_train, y_train), (x_test, y_test) padded to (25000, 256); cached on disk (a fast path for steps 7-11)."""
    from kata.judge.known import name_input

    key = cache.key(data_digest(), source_digest())
    path = cache.folder("judge") / f"padded-{key}.npz"
    arrays = None
    try:
        with np.load(path, allow_pickle=False) as f:
            arrays = {name: f[name] for name in ("x_train", "y_train", "x_test", "y_test")}
        if any(arrays[n].shape != (25000, MAXLEN) for n in ("x_train", "x_test")) \
                or any(arrays[n].shape != (25000,) for n in ("y_train", "y_test")):
            arrays = None  # an entry of the wrong shape: made again
    except (OSError, ValueError, KeyError, EOFError, zipfile.BadZipFile):
        pass  # not cached yet, or damaged: made again
    if arrays is None:
        (x_train, y_train), (x_test, y_test) = data()
        arrays = dict(x_train=pad(x_train), y_train=np.asarray(y_train), x_test=pad(x_test), y_test=np.asarray(y_test))
        try:
            cache.atomic_write(path, lambda f: np.savez(f, **arrays))
        except OSError:
            pass  # a full disk or read-only cache costs speed, not results
    for name, value in arrays.items():
        name_input(value, f"padded-{name}-{key[:16]}")
    return (arrays["x_train"], arrays["y_train"]), (arrays["x_test"], arrays["y_test"])


def split():
    """((partial_x_train, partial_y_train), (x_val, y_val)): the first 10,000 reviews hold out."""
    (x, y), _ = padded()
    return (x[VALIDATION:], y[VALIDATION:]), (x[:VALIDATION], y[:VALIDATION])


@lru_cache(maxsize=None)
def known_arrays() -> dict:
    """The arrays a learner has at hand by step 8, under the names the post gives them."""
    (train_data, train_labels), (test_data, test_labels) = padded()
    (partial_x_train, partial_y_train), (x_val, y_val) = split()
    return {
        "partial_x_train": partial_x_train, "partial_y_train": partial_y_train, "x_val": x_val, "y_val": y_val,
        "test_data": test_data, "test_labels": test_labels, "train_data": train_data, "train_labels": train_labels,
    }


@lru_cache(maxsize=None)
def known_digests() -> dict:
    """kata.shared.codec.array_digest of each known array -> its name."""
    from kata.shared.codec import array_digest

    return {array_digest(arr): name for name, arr in known_arrays().items()}


def which(value) -> str:
    """The name of the known array equal to value (any dtype), or `other, shape (...)`: what did the learner pass?

    value: an ArrayDigest (what a learner process reports of an array it passed to fit/evaluate) or an array."""
    from kata.shared.codec import array_digest

    if value is None:
        return "None"
    digest, shape = getattr(value, "digest", None), getattr(value, "shape", None)
    if digest is None:
        try:
            arr = np.asarray(value)
        except Exception:
            return f"other ({type(value).__name__})"
        if arr.dtype == object or arr.ndim == 0:
            return f"other ({type(value).__name__})"
        digest, shape = array_digest(arr), arr.shape
    name = known_digests().get(digest)
    if name is not None:
        return name
    if shape is None or len(tuple(shape)) == 0:
        return f"other ({getattr(value, 'type_name', type(value).__name__)})"
    return f"other, shape {tuple(shape)}"


def source_digest() -> str:
    """A digest of the reference pipeline's own code (every module of this package): a change of it makes its
    stored results new."""
    here = Path(__file__).parent
    return cache.key([(p.name, p.read_bytes()) for p in sorted(here.glob("*.py"))])
