"""The IMDB movie-review data set, with the API and the results of `keras.datasets.imdb`.

    from kata.datasets import imdb
    (train_data, train_labels), (test_data, test_labels) = imdb.load_data(num_words=10000)
    word_index = imdb.get_word_index()

Where the files come from:
- `KATA_DATA_DIR` set: `imdb.npz` and `imdb_word_index.json` are read from that folder
  (for offline classrooms and CI; the files may be re-packed copies, so no checksum is asked of them);
- otherwise Keras downloads the official files into its cache (`~/.keras/datasets`) and checks
  their published checksums, exactly as `keras.datasets.imdb` does.

Every problem (no network, a missing or corrupt file) ends in a `DataError` with one sentence that
says what to do.
"""

from __future__ import annotations

import itertools
import json
import os
from pathlib import Path

import numpy as np

from kata.shared import cache, digest
from kata.shared.codec import object_array, unflatten

ORIGIN = "https://storage.googleapis.com/tensorflow/tf-keras-datasets/"
NPZ_SHA256 = "69664113be75683a8fe16e3ed0ab59fda8886cb3cd7ada244f7d9544e4676b9f"
WORD_INDEX_MD5 = "bfafd718b763782e994055a2d397834f"
DATA_DIR_VAR = "KATA_DATA_DIR"


class DataError(RuntimeError):
    """The IMDB files could not be found, fetched or read. The message says what to do."""


def data_file(fname: str, file_hash: str, origin_name: str | None = None) -> Path:
    """The local path of fname: in KATA_DATA_DIR, or downloaded from Keras's origin_name (default fname)."""
    folder = os.environ.get(DATA_DIR_VAR)
    if folder:
        # `path` names a file of the folder; a name the folder does not have (a copy of the tutorial's
        # load_data(path="/content/imdb.npz")) reads Keras's own file, as in Keras `path` only names the copy
        path = Path(folder).expanduser() / Path(fname).name
        if not path.is_file() and origin_name:
            path = Path(folder).expanduser() / origin_name
        if not path.is_file():
            raise DataError(
                f"{fname} is not in {DATA_DIR_VAR}={folder}: point {DATA_DIR_VAR} at the folder that "
                f"holds imdb.npz and imdb_word_index.json, or unset it to download them."
            )
        return path
    try:
        from keras.utils import get_file  # imported late: reading a local folder needs no TensorFlow

        # like Keras: `path` only names the local copy, the download is always Keras's own file
        return Path(get_file(fname=fname, origin=ORIGIN + (origin_name or fname), file_hash=file_hash))
    except Exception as exc:  # keras raises plain Exception for network and checksum failures
        raise DataError(
            f"Could not download {fname} ({type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}). "
            f"Connect to the internet once, or set {DATA_DIR_VAR} to a folder that holds imdb.npz and "
            f"imdb_word_index.json."
        ) from None


_NP_LOAD = np.load  # as NumPy defines it: copies of the tutorial from 2019 replace np.load to pass allow_pickle


def _read_npz(path: Path) -> dict[str, np.ndarray]:
    names = ("x_train", "y_train", "x_test", "y_test")
    try:
        with _NP_LOAD(path, allow_pickle=True) as f:
            arrays = {name: f[name] for name in names}
    except Exception as exc:  # random bytes fail in pickle, a non-npz file in `with`, a bad zip in zipfile...
        raise DataError(
            f"{path} is not a readable IMDB file ({type(exc).__name__}). Replace it with a good copy (outside "
            f"{DATA_DIR_VAR}, deleting it makes Keras download it again)."
        ) from None
    if len(arrays["x_train"]) != len(arrays["y_train"]) or len(arrays["x_test"]) != len(arrays["y_test"]):
        raise DataError(f"{path} is corrupt: reviews and labels differ in number. Replace it with a good copy.")
    return arrays


def load_data(
    path="imdb.npz",
    num_words=None,
    skip_top=0,
    maxlen=None,
    seed=113,
    start_char=1,
    oov_char=2,
    index_from=3,
    **kwargs,
):
    """Load the IMDB reviews as lists of word ids: `(x_train, y_train), (x_test, y_test)`.

    Same parameters and results as `keras.datasets.imdb.load_data`:
    num_words keeps the most frequent words (rarer ones become `oov_char`), skip_top drops the most
    frequent ones, maxlen drops reviews of maxlen words or more, seed shuffles train then test with one
    `np.random.RandomState(seed)`, every review starts with `start_char`, and word ranks are shifted by
    `index_from`.
    """
    if kwargs:
        raise TypeError(f"Unrecognized keyword arguments: {sorted(kwargs)}")
    source = data_file(path, NPZ_SHA256, "imdb.npz")
    params = dict(num_words=num_words, skip_top=skip_top, maxlen=maxlen, seed=seed,
                  start_char=start_char, oov_char=oov_char, index_from=index_from)
    if seed is None:  # a fresh random order on every call, as in Keras: nothing to cache
        return _prepare(source, **params)
    return _cached_splits(source, params, lambda: _prepare(source, **params))


def _prepare(source, num_words, skip_top, maxlen, seed, start_char, oov_char, index_from):
    """Keras's load_data steps (shuffle, start_char, index_from, maxlen, num_words/skip_top with oov_char),
    on one flat array of every word id instead of 11 million Python ints: the same lists, several times faster."""
    f = _read_npz(source)
    rng = np.random.RandomState(seed)
    parts = []
    for x, labels in ((f["x_train"], f["y_train"]), (f["x_test"], f["y_test"])):
        indices = np.arange(len(x))
        rng.shuffle(indices)  # train first, then test, with the same generator (as Keras)
        x, labels = x[indices], labels[indices]
        lengths = np.fromiter((len(r) for r in x), dtype=np.int64, count=len(x))
        flat = np.fromiter(itertools.chain.from_iterable(x), dtype=np.int64, count=int(lengths.sum()))
        if index_from:
            flat += index_from
        if start_char is not None:  # one start id before every review
            starts = np.concatenate([[0], np.cumsum(lengths)[:-1]])
            flat = np.insert(flat, starts, start_char)
            lengths = lengths + 1
        if maxlen:  # Keras keeps the reviews shorter than maxlen
            keep = lengths < maxlen
            flat = flat[np.repeat(keep, lengths)]
            lengths, labels = lengths[keep], labels[keep]
        parts.append((flat, lengths, labels))
    if maxlen and (len(parts[0][1]) == 0 or len(parts[1][1]) == 0):
        raise ValueError(
            f"After filtering for sequences shorter than maxlen={maxlen}, no sequence was kept. Increase maxlen."
        )
    if not num_words:
        num_words = max(int(flat.max()) if flat.size else 0 for flat, _, _ in parts)
    out = []
    for flat, lengths, labels in parts:
        inside = (flat >= skip_top) & (flat < num_words)
        if oov_char is not None:
            flat = np.where(inside, flat, oov_char)
        else:  # the words outside are dropped: shorter reviews
            review = np.repeat(np.arange(len(lengths)), lengths)
            flat = flat[inside]
            lengths = np.bincount(review[inside], minlength=len(lengths))
        values = flat.tolist()
        bounds = np.concatenate([[0], np.cumsum(lengths)]).tolist()
        out.append((object_array([values[bounds[i]:bounds[i + 1]] for i in range(len(lengths))]), labels))
    return out[0], out[1]


def get_word_index(path="imdb_word_index.json"):
    """The dict word -> rank (1 = most frequent word), as `keras.datasets.imdb.get_word_index`."""
    source = data_file(path, WORD_INDEX_MD5, "imdb_word_index.json")
    try:
        with open(source, encoding="utf-8") as f:
            index = json.load(f)
    except (OSError, ValueError) as exc:
        raise DataError(
            f"{source} is not a readable word index ({type(exc).__name__}). Replace it with a good copy."
        ) from None
    if not isinstance(index, dict):
        raise DataError(f"{source} is not a word index (a JSON object of word -> rank). Replace it.")
    return index


# --- the prepared data, kept flat ------------------------------------------------------------------------
# Lists of word ids are stored flat (one int32 array and the offsets per split): many times faster to load
# than the pickled original, and no pickle at all. The entry's name hashes the source file, the parameters
# and this module's own code, so a changed loader or file is a miss, never a stale hit.

def _cached_splits(source: Path, params: dict, compute):
    """`(x_train, y_train), (x_test, y_test)` from the cache, or from compute() (then stored)."""
    loader = digest.of_file(Path(__file__))
    path = cache.folder() / f"imdb-{cache.key(digest.of_still_file(source), params, loader)}.npz"

    def prepare():
        (x_train, y_train), (x_test, y_test) = compute()
        arrays = {**_flatten(x_train, y_train, "train"), **_flatten(x_test, y_test, "test")}
        del x_train, x_test  # 12 million int objects: gone before the shared-int lists are made
        try:
            cache.atomic_write(path, lambda f: np.savez(f, **arrays))
        except OSError:  # a full disk or a read-only cache folder costs speed, not the data
            pass
        return _unflatten(arrays, "train"), _unflatten(arrays, "test")  # the same lists a warm load gives

    return cache.made_once(path.stem, lambda: _read_splits(path), prepare)


def _read_splits(path: Path):
    if not path.exists():
        return None
    try:
        with _NP_LOAD(path, allow_pickle=False) as f:
            return _unflatten(f, "train"), _unflatten(f, "test")
    except Exception:  # truncated (BadZipFile, EOFError), garbage (ValueError), missing arrays (KeyError)...
        path.unlink(missing_ok=True)  # a damaged entry is made again
        return None


def _flatten(xs, ys, split):
    lengths = np.fromiter(map(len, xs), dtype=np.int64, count=len(xs))
    flat = np.fromiter(itertools.chain.from_iterable(xs), dtype=np.int64, count=int(lengths.sum()))
    if flat.size == 0 or (flat.min() >= np.iinfo(np.int32).min and flat.max() <= np.iinfo(np.int32).max):
        flat = flat.astype(np.int32)  # half the size on disk; .tolist() gives the same Python ints
    return {f"{split}_flat": flat, f"{split}_lengths": lengths, f"{split}_labels": np.asarray(ys)}


def _unflatten(f, split):
    """One object array of lists per split (codec.unflatten: each distinct id one shared Python int)."""
    with cache.paused_gc():
        return object_array(unflatten(f[f"{split}_flat"], f[f"{split}_lengths"])), f[f"{split}_labels"]
