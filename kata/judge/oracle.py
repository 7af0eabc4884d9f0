"""The kata's own reference pipeline: the correct inputs each step's checks feed to the learner's code.

Checks never feed a step with the learner's earlier answers, so one wrong step fails only itself.
Everything here is made once per process (and the trained model once per machine, on disk), with
fixed seeds, so the same code gives the same numbers on every run.
"""

from __future__ import annotations

import gc
import inspect
import os
import sys
import zipfile
from functools import lru_cache
from pathlib import Path

import numpy as np

from kata.shared import cache, digest
from kata.shared.post import (BATCH_SIZE, EPOCHS, FILTERS, MAXLEN, NUM_WORDS, RESERVED, SEED,  # noqa: F401 (the checks read them here)
                       VALIDATION, compile_fast, layers, quiet_tensorflow, seed_everything)


def _data_digest() -> str:
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
    gc.freeze()  # see fresh_copy
    from kata.judge.known import name_input

    key = f"{_data_digest()}-{cache.key(_source_digest())[:8]}"
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
    for split, digest in zip(result, stored):
        know(split[0], f"reviews-{digest[:8]}", digest)


def _plausible(result, num_words=NUM_WORDS) -> bool:
    try:
        (x, y), (xt, yt) = result
        return len(x) == len(y) == len(xt) == len(yt) == 25000 and set(np.unique(y).tolist()) == {0, 1} \
            and isinstance(x[0], list) and 0 < len(x[0]) and max(x[0]) < (num_words or 10 ** 6)
    except Exception:
        return False


def fresh_copy(reviews) -> np.ndarray:
    """New lists in a new object array: code handed the copy cannot change the kata's cached data."""
    with cache.paused_gc():  # many new lists, none of them garbage
        copy = np.fromiter((list(r) for r in reviews), dtype=object, count=len(reviews))
    # Out of the collector's sight: otherwise every full collection (importing TensorFlow makes many)
    # walks all 6 million ids again, which made the check of step 4 take a second longer.
    gc.freeze()
    return copy


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

    key = cache.key(_data_digest(), _source_digest())
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


def _source_digest() -> str:
    return cache.key(inspect.getsource(sys.modules[__name__]))


PROGRESS = None  # a binary stream (the learner's terminal) where a training done here shows its epochs


def fit(model):
    """Train a model the post's way on the post's split. Returns the History."""
    (x_tr, y_tr), (x_val, y_val) = split()
    if PROGRESS is None:
        return model.fit(x_tr, y_tr, epochs=EPOCHS, batch_size=BATCH_SIZE, validation_data=(x_val, y_val), verbose=0)
    import contextlib
    import io

    class Lines(io.TextIOBase):  # Keras's one line per epoch (verbose=2), shown as the learner's output is
        start = True

        def write(self, text):
            out = "\n".join(("  │ " + line) if (n or self.start) and line else line for n, line in enumerate(text.split("\n")))
            self.start = text.endswith("\n")
            try:
                PROGRESS.write(out.encode())
                PROGRESS.flush()
            except (OSError, ValueError):
                pass
            return len(text)

    with contextlib.redirect_stdout(Lines()):
        return model.fit(x_tr, y_tr, epochs=EPOCHS, batch_size=BATCH_SIZE, validation_data=(x_val, y_val), verbose=2)


POST_LAYERS = ("Embedding", "GlobalAveragePooling1D", "Dense", "Dense")


def evaluate_weights(model, x, y) -> dict:
    """The post's model with the weights of `model` (a learner's: a views.ModelFile), evaluated here on (x, y)
    with NumPy, without Keras: {"loss", "accuracy"}, or {"error"} when they are not the post's model's."""
    try:
        layers = [l for l in model.layers() if l["class_name"] != "InputLayer"]
        kinds = tuple(l["class_name"] for l in layers)
        if kinds != POST_LAYERS:
            return {"error": f"the layers are {', '.join(kinds) or 'none'}, not the post's {', '.join(POST_LAYERS)}"}
        stored = model.weights()
        (emb,), (w1, b1), (w2, b2) = (stored.get(layers[i]["name"], []) for i in (0, 2, 3))
        activations = [layers[i]["config"].get("activation") for i in (2, 3)]
    except (ValueError, KeyError, TypeError, OSError) as exc:
        return {"error": f"the weights cannot be read as the post's model's ({type(exc).__name__})"}
    if emb.shape != (NUM_WORDS, 16) or w1.shape != (16, 16) or b1.shape != (16,) or w2.shape != (16, 1) \
            or b2.shape != (1,) or activations != ["relu", "sigmoid"]:
        return {"error": f"the weights have other shapes or activations ({emb.shape}, {w1.shape}, {w2.shape}, {activations})"}
    x, y = np.asarray(x), np.asarray(y, dtype=np.float32)
    if x.size and (x.min() < 0 or x.max() >= NUM_WORDS):
        return {"error": "the data has word ids outside the Embedding"}
    probs = np.empty(len(x), dtype=np.float32)
    for start in range(0, len(x), 1000):  # GlobalAveragePooling1D averages all 256 positions (no mask)
        pooled = emb[x[start:start + 1000]].mean(axis=1, dtype=np.float32)
        hidden = np.maximum(pooled @ w1 + b1, 0)
        probs[start:start + 1000] = (1 / (1 + np.exp(-(hidden @ w2 + b2)))).ravel()
    clipped = np.clip(probs, 1e-7, 1 - 1e-7)
    loss = float(-np.mean(y * np.log(clipped) + (1 - y) * np.log(1 - clipped)))
    return {"loss": loss, "accuracy": float(np.mean((probs > 0.5) == (y > 0.5)))}


@lru_cache(maxsize=None)
def trained():
    """The post's model trained the post's way: `(model, history_dict)`. Trained once per machine and stored
    in the judge's own cache folder (kata.training): a learner's correct step 8 is served this training."""
    model = reference_model()
    history = fit(model).history
    return model, {k: [float(x) for x in v] for k, v in history.items()}


def reference_model(watch=None):
    """A fresh, seeded, compiled post model whose trainings are stored in the judge's cache."""
    from kata.shared import training

    return training.spy_model(watch=watch, store_in=cache.folder("judge"))


def _reference_marker() -> str:
    """What the reference training's store name depends on, read without importing TensorFlow: the sources of
    the recipe and of this pipeline, the data and the library versions (a change of any makes a new name)."""
    import importlib.metadata as meta

    from kata.shared import post, training

    versions = {}
    for package in ("tensorflow", "keras", "numpy"):
        try:
            versions[package] = meta.version(package)
        except meta.PackageNotFoundError:
            versions[package] = None
    sources = [inspect.getsource(m) for m in (post, training)]
    return "reference-" + cache.key(sources, _source_digest(), _data_digest(), versions, sys.version)


@lru_cache(maxsize=None)
def reference_fit_key() -> str | None:
    """The store name of the reference training: a learner's fit with this name is the reference training.
    Worked out once (it builds the model) and remembered beside the training."""
    marker = _reference_marker()
    known = cache.get_json(marker, cache.folder("judge"))
    if isinstance(known, dict) and isinstance(known.get("key"), str):
        return known["key"]
    name = _work_out_reference_key()
    if name:
        try:
            cache.put_json(marker, {"key": name}, cache.folder("judge"))
        except OSError:
            pass
    return name


def _work_out_reference_key() -> str | None:
    from kata.shared import training

    names = []

    class _Stop(Exception):
        pass

    def watch(model, name, arguments):
        names.append(training.fit_key(model, arguments))
        raise _Stop

    try:
        fit(reference_model(watch=watch))
    except _Stop:
        pass
    return names[0] if names else None


def trained_weights():
    """The file of the reference model's trained weights (in the judge's cache folder)."""
    from kata.shared import training

    name = reference_fit_key()
    path = cache.folder("judge") / f"{name}.weights.h5"
    if training.stored(name, cache.folder("judge")) is not None:
        return path  # stored, and the file is the one stored: no model to build
    model, _ = trained()  # a missing or damaged training is trained (and stored) again
    if training.stored(name, cache.folder("judge")) is None:  # trained earlier in this process, damaged since
        training.store(model, name, model.history, cache.folder("judge"))
    if training.stored(name, cache.folder("judge")) is None:  # a cache that cannot be written: a copy for this session
        import tempfile

        path = Path(tempfile.mkdtemp(prefix="kata-ref-")) / "reference.weights.h5"
        model.save_weights(path)
    return path


def trained_weights_ready() -> bool:
    """True when the reference training is stored here (no training to wait for)."""
    try:
        name = reference_fit_key()
    except Exception:
        return False
    from kata.shared import training

    return name is not None and training.stored(name, cache.folder("judge")) is not None


def reference_record() -> dict:
    """The reference training as a record ({params, epoch, history}) for a learner's fit that is the same."""
    from kata.shared import training

    found = training.stored(reference_fit_key(), cache.folder("judge"))
    if found is not None and {"params", "epoch", "history"} <= set(found[0]):
        return found[0]  # as stored beside its weights: no model to build
    model, _ = trained()
    return training.record_of(model.history)


@lru_cache(maxsize=None)
def test_results():
    """[loss, accuracy] of the trained reference model on the test set (stored beside its training)."""
    name = f"{reference_fit_key()}-test"
    stored = cache.get_json(name, cache.folder("judge"))
    if isinstance(stored, list) and len(stored) == 2 and all(isinstance(v, float) for v in stored):
        return stored
    model, _ = trained()
    (_, _), (x_test, y_test) = padded()
    results = [float(v) for v in model.evaluate(x_test, y_test, verbose=0, batch_size=BATCH_SIZE)]
    try:
        cache.put_json(name, results, cache.folder("judge"))
    except OSError:
        pass
    return results


def tokenize(text: str, lower=True, strip=True) -> list[str]:
    """Split raw text the way the IMDB data was made: lower-case, Keras's filters to spaces."""
    if lower:
        text = text.lower()
    if strip:
        text = text.translate(str.maketrans(FILTERS, " " * len(FILTERS)))
    return [w for w in text.split(" ") if w]


def encode(text: str, lower=True, strip=True, unk=True) -> list[int]:
    """`<START>` then each word's id; words outside the 10,000 kept become `<UNK>` (unk=False drops them)."""
    index = word_index()
    ids = [RESERVED["<START>"]]
    for w in tokenize(text, lower, strip):
        i = index.get(w)
        if i is not None and i < NUM_WORDS:
            ids.append(i)
        elif unk:
            ids.append(RESERVED["<UNK>"])
    return ids


def predict_proba(model, ids, padded_input=True) -> float:
    x = pad([ids]) if padded_input else np.asarray([ids], dtype="int32")
    return float(model(x, training=False).numpy().ravel()[0])


# --- step 14: the challenge ---------------------------------------------------------------------------

@lru_cache(maxsize=None)
def full_data():
    """`(x_train, y_train), (x_test, y_test)` with every word (`load_data()` without num_words), ragged."""
    from kata.shared import imdb

    result = imdb.load_data()
    if not _plausible(result, num_words=None):
        raise imdb.DataError("The IMDB data the kata reads does not have 25,000 training and 25,000 test reviews "
                             "with labels 0 and 1: replace imdb.npz with a good copy (KATA_DATA_DIR).")
    return result


def hidden_labels_dir() -> Path:
    """A data folder like KATA_DATA_DIR's, without the test labels (every y_test is -1): what the learner
    process of step 14 sees, so that no code of the learner's can train or tune on the test set."""
    import shutil

    from kata.shared import imdb

    source = imdb.data_file("imdb.npz", "")
    folder = cache.folder("judge") / f"hidden-labels-{_data_digest()}"
    target = folder / "imdb.npz"
    if target.is_file() and (folder / "imdb_word_index.json").is_file():
        return folder
    with np.load(source, allow_pickle=True) as f:  # the kata's own data file, not the learner's
        arrays = {name: f[name] for name in ("x_train", "y_train", "x_test", "y_test")}
    arrays["y_test"] = np.full(len(arrays["y_test"]), -1, dtype=arrays["y_test"].dtype)
    folder.mkdir(parents=True, exist_ok=True)
    partial = folder / f".{os.getpid()}-imdb.npz"
    np.savez(partial, **arrays)
    os.replace(partial, target)
    shutil.copyfile(imdb.data_file("imdb_word_index.json", ""), folder / "imdb_word_index.json")
    return folder
