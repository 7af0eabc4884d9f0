"""The kata's own reference pipeline: the correct inputs each step's checks feed to the learner's code.

Checks never feed a step with the learner's earlier answers, so one wrong step fails only itself.
Everything here is made once per process (and the trained model once per machine, on disk), with
fixed seeds, so the same code gives the same numbers on every run.
"""

from __future__ import annotations

import gc
import hashlib
import inspect
import os
import sys
import zipfile
from functools import lru_cache

import numpy as np

from kata import cache

NUM_WORDS = 10_000
MAXLEN = 256
EPOCHS = 40
BATCH_SIZE = 512
VALIDATION = 10_000
SEED = 1234
RESERVED = {"<PAD>": 0, "<START>": 1, "<UNK>": 2, "<UNUSED>": 3}
# Keras's text filters: what the IMDB data was tokenised with (the apostrophe stays: "everyone's").
FILTERS = '!"#$%&()*+,-./:;<=>?@[\\]^_`{|}~\t\n'


@lru_cache(maxsize=None)
def data():
    """`(x_train, y_train), (x_test, y_test)` as `load_data(num_words=10000)` gives them (ragged)."""
    from kata.datasets import imdb

    result = imdb.load_data(num_words=NUM_WORDS)
    gc.freeze()  # see fresh_copy
    return result


def fresh_copy(reviews) -> np.ndarray:
    """New lists in a new object array: code handed the copy cannot change the kata's cached data."""
    with cache.paused_gc():  # many new lists, none of them garbage
        copy = np.fromiter((list(r) for r in reviews), dtype=object, count=len(reviews))
    # Out of the collector's sight: otherwise every full collection (importing TensorFlow makes many)
    # walks all 6 million ids again, which made the check of step 4 take a second longer.
    gc.freeze()
    return copy


@lru_cache(maxsize=None)
def raw_word_index() -> dict:
    from kata.datasets import imdb

    return imdb.get_word_index()


@lru_cache(maxsize=None)
def word_index() -> dict:
    index = {word: rank + 3 for word, rank in raw_word_index().items()}
    index.update(RESERVED)
    return index


@lru_cache(maxsize=None)
def reverse_word_index() -> dict:
    return {i: w for w, i in word_index().items()}


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
    from kata.datasets.imdb import _data_file

    path = cache.folder() / f"padded-{cache.key(cache._digest(_data_file('imdb.npz', '')), _source_digest())}.npz"
    try:
        with np.load(path, allow_pickle=False) as f:
            return (f["x_train"], f["y_train"]), (f["x_test"], f["y_test"])
    except (OSError, ValueError, KeyError, EOFError, zipfile.BadZipFile):
        pass  # not cached yet, or damaged: made again
    (x_train, y_train), (x_test, y_test) = data()
    arrays = dict(x_train=pad(x_train), y_train=np.asarray(y_train), x_test=pad(x_test), y_test=np.asarray(y_test))
    try:
        cache.atomic_write(path, lambda f: np.savez(f, **arrays))
    except OSError:
        pass  # a full disk or read-only cache costs speed, not results
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


def which(value) -> str:
    """The name of the known array equal to value (any dtype), or `other, shape (...)`: what did the learner pass?"""
    if value is None:
        return "None"
    try:
        arr = np.asarray(value)
    except Exception:
        return f"other ({type(value).__name__})"
    if arr.dtype == object or arr.ndim == 0:
        return f"other ({type(value).__name__})"
    for name, candidate in known_arrays().items():
        if arr.shape == candidate.shape and np.array_equal(arr, candidate):
            return name
    return f"other, shape {tuple(arr.shape)}"


def quiet_tensorflow():
    """Silence TensorFlow's C++ and Python log lines (VERBOSE=1 keeps them)."""
    if os.environ.get("KATA_VERBOSE"):
        return
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    import logging
    import warnings

    warnings.filterwarnings("ignore")
    logging.getLogger("tensorflow").setLevel(logging.ERROR)
    try:
        import absl.logging

        absl.logging.set_verbosity(absl.logging.ERROR)
    except ImportError:
        pass


def seed_everything():
    import keras

    keras.utils.set_random_seed(SEED)


def layers():
    """The post's four layers, freshly made."""
    import keras

    return [
        keras.Input(shape=(None,), dtype="int32"),
        keras.layers.Embedding(NUM_WORDS, 16),
        keras.layers.GlobalAveragePooling1D(),
        keras.layers.Dense(16, activation="relu"),
        keras.layers.Dense(1, activation="sigmoid"),
    ]


STEPS_PER_EXECUTION = 32  # an epoch is 30 batches of 512 (20 for validation): one call to the compiled step each


def compile_fast(model):
    """The post's compile settings, run faster: XLA (`jit_compile`) and a whole epoch per call of the
    compiled step (`steps_per_execution`). The same batches, the same numbers; about half the time here."""
    import keras

    model.compile(optimizer=keras.optimizers.Adam(), loss="binary_crossentropy", metrics=["accuracy"], jit_compile=True,
                  steps_per_execution=STEPS_PER_EXECUTION)
    return model


def spy_model(watch=None):
    """A fresh, seeded, compiled model of the post, as a `SpyModel` (checks see how it is used)."""
    seed_everything()
    model = (globals().get("SpyModel") or __getattr__("SpyModel"))(layers())  # a module-level __getattr__ is not seen by global lookups
    model.watch = watch
    return compile_fast(model)


def _make_spy():
    import keras

    fit_sig = inspect.signature(keras.Model.fit)
    eval_sig = inspect.signature(keras.Model.evaluate)
    predict_sig = inspect.signature(keras.Model.predict)

    class SpyModel(keras.Sequential):
        """A Sequential that tells a watcher how fit/evaluate/predict were called, before they run.

        The watcher (a check) can stop a wrong call at once (a learner should not wait 40 epochs to
        hear that the batch size is wrong) and records what was passed.
        """

        watch = None
        calls: list

        def _see(self, name, sig, args, kwargs):
            bound = sig.bind(self, *args, **kwargs)
            bound.apply_defaults()
            arguments = dict(bound.arguments)
            arguments.pop("self", None)
            arguments.update(arguments.pop("kwargs", {}) or {})
            if self.watch:
                self.watch(name, arguments)
            return arguments

        def fit(self, *args, **kwargs):
            arguments = self._see("fit", fit_sig, args, kwargs)
            # Every training starts from the same random state, so its result depends only on what
            # _fit_key hashes: the model, its compile settings and optimizer state, and the arguments.
            keras.utils.set_random_seed(SEED)
            name = _fit_key(self, arguments)
            if name is None:  # callbacks, datasets, generators: trained every time
                return super().fit(*args, **kwargs)

            def train():
                history = super(SpyModel, self).fit(*args, **kwargs)
                _store_fit(self, name, history)
                return history

            return cache.made_once(name, lambda: _load_fit(self, name, arguments), train)

        def evaluate(self, *args, **kwargs):
            self._see("evaluate", eval_sig, args, kwargs)
            return super().evaluate(*args, **kwargs)

        def predict(self, *args, **kwargs):
            self._see("predict", predict_sig, args, kwargs)
            return super().predict(*args, **kwargs)

    return SpyModel


def __getattr__(name):
    if name == "SpyModel":  # made on first use: importing keras costs seconds
        spy = _make_spy()
        globals()["SpyModel"] = spy
        return spy
    raise AttributeError(name)


def versions() -> dict:
    import keras
    import tensorflow as tf

    return {"python": sys.version.split()[0], "numpy": np.__version__, "tensorflow": tf.__version__, "keras": keras.__version__}


def _source_digest() -> str:
    return cache.key(inspect.getsource(sys.modules[__name__]))


def fit(model):
    """Train a model the post's way on the post's split. Returns the History."""
    (x_tr, y_tr), (x_val, y_val) = split()
    return model.fit(x_tr, y_tr, epochs=EPOCHS, batch_size=BATCH_SIZE, validation_data=(x_val, y_val), verbose=0)


@lru_cache(maxsize=None)
def trained():
    """The post's model trained the post's way: `(model, history_dict)`. Trained once per machine: the
    training is stored by SpyModel.fit (so a learner's step 8, if it trains exactly this way, trains it)."""
    model = spy_model()
    history = fit(model).history
    return model, {k: [float(x) for x in v] for k, v in history.items()}


# --- trainings stored on disk ----------------------------------------------------------------------
# A SpyModel's fit is stored under a hash of everything its result depends on, read through Keras's
# public API: the model's configuration and weights, its compile configuration, its optimizer's
# configuration and state, and every fit argument (arrays by content; `verbose` only shows progress).
# fit re-seeds first, so the random state is the same for every training. A fit whose inputs cannot
# be hashed (callbacks, a tf.data.Dataset, a generator) is never stored.

_UNHASHABLE = object()


def _hashable(value):
    """A JSON-able picture of a fit argument that changes with any change of it, or _UNHASHABLE."""
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, (list, tuple)):
        items = [_hashable(v) for v in value]
        return _UNHASHABLE if any(i is _UNHASHABLE for i in items) else [type(value).__name__, items]
    if isinstance(value, dict):
        items = {str(k): _hashable(v) for k, v in value.items()}
        return _UNHASHABLE if any(i is _UNHASHABLE for i in items.values()) else ["dict", items]
    try:
        arr = np.asarray(value)
    except Exception:
        return _UNHASHABLE
    if arr.dtype == object:
        return _UNHASHABLE
    return ["array", arr.dtype.str, list(arr.shape), hashlib.sha256(np.ascontiguousarray(arr).tobytes()).hexdigest()]


def _fit_key(model, arguments: dict) -> str | None:
    """The cache name of this training, or None when it should not be stored."""
    import keras

    if arguments.get("callbacks"):
        return None
    args = {k: _hashable(v) for k, v in arguments.items() if k not in ("verbose", "callbacks")}
    if any(v is _UNHASHABLE for v in args.values()) or model.optimizer is None or not model.built:
        return None
    try:  # names left out: Keras numbers them per process (dense, dense_1, ...), and they change no number
        described = _unnamed([model.get_config(), model.get_compile_config(), model.optimizer.get_config()])
    except Exception:  # a layer or setting that cannot be serialised: train every time
        return None
    state = hashlib.sha256()
    for variable in [*model.weights, *model.optimizer.variables]:
        value = np.asarray(keras.ops.convert_to_numpy(variable))
        state.update(f"{value.dtype.str}:{value.shape};".encode() + np.ascontiguousarray(value).tobytes())
    return "fit-" + cache.key(_source_digest(), SEED, versions(), keras.config.floatx(), args, described, state.hexdigest())


def _unnamed(config):
    if isinstance(config, dict):
        return {k: _unnamed(v) for k, v in config.items() if k != "name"}
    if isinstance(config, (list, tuple)):
        return [_unnamed(v) for v in config]
    return config


def _load_fit(model, name: str, arguments: dict):
    """The stored training: the model gets its trained weights, and a History like the one fit returns."""
    import keras

    stored, weights = cache.get_json(name), cache.folder() / f"{name}.weights.h5"
    if stored is None or not weights.exists():
        return None
    try:
        model.load_weights(weights)
    except Exception:  # a damaged entry is made again
        return None
    history = keras.callbacks.History()
    history.set_model(model)
    history.set_params({**stored["params"], "verbose": arguments.get("verbose")})
    history.epoch, history.history = list(stored["epoch"]), {k: list(v) for k, v in stored["history"].items()}
    model.history = history
    return history


def _store_fit(model, name: str, history) -> None:
    weights = cache.folder() / f"{name}.weights.h5"
    partial = weights.with_name(f".{os.getpid()}-{weights.name}")
    try:
        model.save_weights(partial)
        os.replace(partial, weights)  # atomic: a reader never sees half a file; the JSON comes last
        params = {k: v for k, v in (history.params or {}).items() if k != "verbose"}
        values = {k: [float(x) for x in np.ravel(v)] for k, v in history.history.items()}
        cache.put_json(name, {"params": params, "epoch": [int(e) for e in history.epoch], "history": values})
    except OSError:  # a full disk or a read-only cache costs time, not results
        partial.unlink(missing_ok=True)


@lru_cache(maxsize=None)
def test_results():
    """[loss, accuracy] of the trained reference model on the test set."""
    model, _ = trained()
    (_, _), (x_test, y_test) = padded()
    return [float(v) for v in model.evaluate(x_test, y_test, verbose=0, batch_size=BATCH_SIZE)]


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
