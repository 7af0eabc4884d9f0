"""Trainings of the post's model, shared by both sides: a `SpyModel` that says how it is used, and
trainings stored under a hash of everything their result depends on.

- In the learner process, the model handed to the learner's `train()` and `evaluate_model()` is a
  SpyModel whose watcher reports each fit/evaluate call to the judge (as data) before it runs. The
  judge may answer with a stored training of its own (a correct step 8 is then the reference
  training: one training, not two).
- In the judge, the reference model is a SpyModel without a watcher; its training is stored in the
  judge's own cache folder.

The kata's speed-ups never change what the learner asked for. Its fast compile runs a whole epoch per call of
the compiled step (`steps_per_execution`): the same batches and numbers for a plain fit, but not for a call that
counts steps itself (`steps_per_epoch`, `validation_steps`, `steps`) or has callbacks that act after each batch
(Keras then calls them once per execution). Such a call runs one step per execution, as the post's compile does.

A training is stored under a hash of its inputs, read through Keras's public API: the model's
configuration and weights, its compile configuration, its optimizer's configuration and state, and
every fit argument (arrays by content; `verbose` only shows progress). fit re-seeds first, so the
random state is the same for every training. A fit whose inputs cannot be hashed (callbacks other than
keras.callbacks.EarlyStopping, a tf.data.Dataset, a generator) is never stored.
"""

from __future__ import annotations

import hashlib
import inspect
import os
import sys
from pathlib import Path

import numpy as np

from kata.shared import cache, digest, post

_UNHASHABLE = object()


def versions() -> dict:
    import keras
    import tensorflow as tf

    return {"python": sys.version.split()[0], "numpy": np.__version__, "tensorflow": tf.__version__,
            "keras": keras.__version__}


def _source_digest() -> str:
    return cache.key(inspect.getsource(sys.modules[__name__]), inspect.getsource(post))


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


def _unnamed(config):
    if isinstance(config, dict):
        return {k: _unnamed(v) for k, v in config.items() if k != "name"}
    if isinstance(config, (list, tuple)):
        return [_unnamed(v) for v in config]
    return config


STOPPING = ("monitor", "min_delta", "patience", "mode", "baseline", "restore_best_weights", "start_from_epoch")
STOPPED = ("stopped_epoch", "best_epoch", "best", "wait")  # what an EarlyStopping knows after the training


def describe_callback(callback) -> dict:
    """A callback as data (its class, and an EarlyStopping's settings), read through public attributes."""
    out: dict = {"type": f"{type(callback).__module__}.{type(callback).__qualname__}"}
    if isinstance(callback, type):  # a class given where one of its objects is expected
        return {**out, "class": callback.__qualname__}
    for name in STOPPING:
        value = getattr(callback, name, None)
        if value is None or isinstance(value, (bool, int, float, str)):
            out[name] = value
    return out


def _stoppers(callbacks) -> list | None:
    """The callbacks when every one is a plain keras.callbacks.EarlyStopping (a training that can be stored:
    its result depends only on their settings), else None."""
    import keras

    callbacks = list(callbacks) if isinstance(callbacks, (list, tuple)) else [callbacks]
    if all(type(c) is keras.callbacks.EarlyStopping for c in callbacks):
        return callbacks
    return None


BATCH_HOOKS = ("on_batch_begin", "on_batch_end", "on_train_batch_begin", "on_train_batch_end", "on_test_batch_begin",
               "on_test_batch_end", "on_predict_batch_begin", "on_predict_batch_end")
STEP_COUNTS = ("steps_per_epoch", "validation_steps", "steps")


def acts_per_batch(callback) -> bool:
    """Whether a callback does anything after a batch (a hook of its class or of its own, as LambdaCallback's)."""
    import keras

    for hook in BATCH_HOOKS:
        method = getattr(callback, hook, None)
        if getattr(method, "__func__", method) is not getattr(keras.callbacks.Callback, hook, None):
            return True
    return False


def counts_steps(arguments: dict) -> bool:
    """Whether a fit/evaluate/predict call means something else when several steps run per execution."""
    if any(arguments.get(name) is not None for name in STEP_COUNTS):
        return True
    callbacks = arguments.get("callbacks") or []
    callbacks = list(callbacks) if isinstance(callbacks, (list, tuple)) else [callbacks]
    return any(acts_per_batch(c) for c in callbacks)


def fit_key(model, arguments: dict) -> str | None:
    """The store name of this training, or None when it should not be stored."""
    import keras

    callbacks = arguments.get("callbacks") or []
    if callbacks and _stoppers(callbacks) is None:
        return None
    stopping = [describe_callback(c) for c in _stoppers(callbacks) or []]
    args = {k: _hashable(v) for k, v in arguments.items() if k not in ("verbose", "callbacks")}
    args["callbacks"] = stopping
    args["steps_per_execution"] = getattr(model, "steps_per_execution", 1)  # the kata's fast compile, or one step
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
    return "fit-" + cache.key(_source_digest(), getattr(model, "seed", post.SEED), versions(), keras.config.floatx(), args,
                              described,
                              state.hexdigest())


def history_of(model, record: dict, verbose=None):
    """A Keras History made from a stored record ({params, epoch, history}); set as model.history."""
    import keras

    history = keras.callbacks.History()
    history.set_model(model)
    history.set_params({**record["params"], "verbose": verbose})
    history.epoch = [int(e) for e in record["epoch"]]
    history.history = {str(k): [float(x) for x in v] for k, v in record["history"].items()}
    model.history = history
    return history


def record_of(history, callbacks=()) -> dict:
    params = {str(k): v for k, v in (history.params or {}).items() if k != "verbose" and isinstance(v, (int, float, str,
                                                                                                        type(None)))}
    values = {str(k): [float(x) for x in np.ravel(v)] for k, v in history.history.items()}
    record = {"params": params, "epoch": [int(e) for e in history.epoch], "history": values}
    if callbacks:  # an EarlyStopping's state after the training, given back to the learner's object on a load
        record["stopping"] = [{k: _number(getattr(c, k, None)) for k in STOPPED} for c in callbacks]
    return record


def _number(value):
    try:
        return float(value) if isinstance(value, float) or hasattr(value, "dtype") else value
    except (TypeError, ValueError):
        return None


def stored(name: str, folder: Path) -> tuple[dict, Path] | None:
    """(record, weights file) of the stored training `name`, or None when it is missing or damaged: the record
    names the digest of the weights file it was stored with, and a file that differs is never used."""
    record, weights = cache.get_json(name, folder), Path(folder) / f"{name}.weights.h5"
    if not isinstance(record, dict) or not isinstance(record.get("weights_sha256"), str):
        return None
    if digest.of_file(weights) != record["weights_sha256"]:
        return None
    return record, weights


def load_stored(model, name: str, folder: Path, verbose=None, callbacks=()):
    """The stored training `name` from folder: the model gets its trained weights; returns the History, or None."""
    found = stored(name, folder)
    if found is None:
        return None
    stored_record, weights = found
    try:
        model.load_weights(weights)
        for callback, state in zip(callbacks, stored_record.get("stopping") or []):
            for key, value in state.items():
                setattr(callback, key, value)
        return history_of(model, stored_record, verbose)
    except Exception:  # a damaged entry is made again
        return None


def store(model, name: str, history, folder: Path, callbacks=(), extra: dict | None = None) -> None:
    weights = Path(folder) / f"{name}.weights.h5"
    partial = weights.with_name(f".{os.getpid()}-{weights.name}")
    try:
        Path(folder).mkdir(parents=True, exist_ok=True)
        model.save_weights(partial)
        weights_digest = digest.of_file(partial)
        os.replace(partial, weights)  # atomic: a reader never sees half a file; the JSON comes last
        cache.put_json(name, {**record_of(history, callbacks), "weights_sha256": weights_digest, **(extra or {})}, folder)
    except OSError:  # a full disk or a read-only cache costs time, not results
        partial.unlink(missing_ok=True)


def _make_spy():
    import keras

    fit_sig = inspect.signature(keras.Model.fit)
    eval_sig = inspect.signature(keras.Model.evaluate)
    predict_sig = inspect.signature(keras.Model.predict)

    class SpyModel(keras.Sequential):
        """A Sequential that tells a watcher how fit/evaluate/predict are called, before they run.

        watch(model, name, arguments) is called first (the learner process tells the judge; the judge may stop it).
        store: the folder where this side keeps its trainings (None: never stored).
        seed: every training starts from it (the run's seed: kata.shared.post.seed).
        """

        watch = None
        store = None
        seed = post.SEED
        fast = False  # compiled by the kata, faster (post.compile_fast); a compile of the learner's clears it
        _fitting = False  # Keras's fit evaluates on the validation data itself: not a call of the learner's

        def compile(self, *args, **kwargs):
            self.fast = False
            return super().compile(*args, **kwargs)

        def _see(self, name, sig, args, kwargs):
            bound = sig.bind(self, *args, **kwargs)
            bound.apply_defaults()
            arguments = dict(bound.arguments)
            arguments.pop("self", None)
            arguments.update(arguments.pop("kwargs", {}) or {})
            decision = self.watch(self, name, arguments) if self.watch and not self._fitting else None
            if self.fast and not self._fitting and counts_steps(arguments):
                self._one_step_per_execution()
            return arguments, decision

        def _one_step_per_execution(self):
            """The post's compile's pace: the learner's step counts and batch callbacks mean what they say."""
            self.fast = False
            self.steps_per_execution = 1
            self.make_train_function(force=True)
            self.make_test_function(force=True)
            self.make_predict_function(force=True)

        def fit(self, *args, **kwargs):
            arguments, _ = self._see("fit", fit_sig, args, kwargs)
            # Every training starts from the same random state, so its result depends only on what
            # fit_key hashes: the model, its compile settings and optimizer state, and the arguments.
            keras.utils.set_random_seed(self.seed)
            name = fit_key(self, arguments) if self.store else None
            if name is None:  # callbacks, datasets, generators, or no store: trained every time
                return self._fit(args, kwargs)
            folder = Path(self.store)
            callbacks = _stoppers(arguments.get("callbacks") or []) or []

            def train():
                history = self._fit(args, kwargs)
                store(self, name, history, folder, callbacks)
                return history

            return cache.made_once(name, lambda: load_stored(self, name, folder, arguments.get("verbose"), callbacks),
                                   train, folder)

        def _fit(self, args, kwargs):
            self._fitting = True
            try:
                return super().fit(*args, **kwargs)
            finally:
                self._fitting = False

        def evaluate(self, *args, **kwargs):
            self._see("evaluate", eval_sig, args, kwargs)
            return super().evaluate(*args, **kwargs)

        def predict(self, *args, **kwargs):
            self._see("predict", predict_sig, args, kwargs)
            return super().predict(*args, **kwargs)

    SpyModel.__name__ = SpyModel.__qualname__ = "Sequential"  # Keras's messages name the class: it is a Sequential
    return SpyModel


_SPY = None


def spy_class():
    """The SpyModel class (made on first use: importing Keras costs seconds)."""
    global _SPY
    if _SPY is None:
        _SPY = _make_spy()
    return _SPY


def spy_model(watch=None, store_in=None, fast=True, seed=None):
    """A fresh, seeded, compiled model of the post, as a SpyModel. fast: compiled for training (XLA, an epoch
    per step: what the stored trainings are keyed by); else the post's plain compile (no XLA compile to wait
    for before a single evaluation)."""
    post.seed_everything(seed)
    model = spy_class()(post.layers())
    model.watch, model.store, model.seed = watch, store_in, post.seed(seed)
    if fast:
        post.compile_fast(model)
        model.fast = True
        return model
    model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
    return model
