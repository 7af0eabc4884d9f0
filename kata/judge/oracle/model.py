"""The reference pipeline's model: the post's model trained the post's way (once per machine, stored in the
judge's own cache), its key, weights, record and test results, and the judge's own evaluation of a learner's
weights (NumPy, no Keras)."""

from __future__ import annotations

import contextlib
import inspect
import sys
from functools import lru_cache
from pathlib import Path

import numpy as np

from kata.judge.oracle.data import data_digest, padded, source_digest, split
from kata.shared import cache
from kata.shared.post import BATCH_SIZE, EPOCHS, NUM_WORDS

PROGRESS = None  # a binary stream (the learner's terminal) where a training done here shows its epochs


@contextlib.contextmanager
def progress_to(stream):
    """While it lasts, a training done here shows its epochs on stream (the learner's terminal)."""
    global PROGRESS
    PROGRESS = stream
    try:
        yield
    finally:
        PROGRESS = None


def fit(model):
    """Train a model the post's way on the post's split. Returns the History."""
    (x_tr, y_tr), (x_val, y_val) = split()
    if PROGRESS is None:
        return model.fit(x_tr, y_tr, epochs=EPOCHS, batch_size=BATCH_SIZE, validation_data=(x_val, y_val), verbose=0)
    import io

    class Lines(io.TextIOBase):  # Keras's one line per epoch (verbose=2), shown as the learner's output is
        start = True

        def write(self, text):
            out = "\n".join(("  │ " + line) if (n or self.start) and line else line for n,
                            line in enumerate(text.split("\n")))
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
        layers = [layer for layer in model.layers() if layer["class_name"] != "InputLayer"]
        kinds = tuple(layer["class_name"] for layer in layers)
        if kinds != POST_LAYERS:
            return {"error": f"the layers are {', '.join(kinds) or 'none'}, not the post's {', '.join(POST_LAYERS)}"}
        stored = model.weights()
        (emb,), (w1, b1), (w2, b2) = (stored.get(layers[i]["name"], []) for i in (0, 2, 3))
        activations = [layers[i]["config"].get("activation") for i in (2, 3)]
    except (ValueError, KeyError, TypeError, OSError) as exc:
        return {"error": f"the weights cannot be read as the post's model's ({type(exc).__name__})"}
    if emb.shape != (NUM_WORDS, 16) or w1.shape != (16, 16) or b1.shape != (16,) or w2.shape != (16, 1) \
            or b2.shape != (1,) or activations != ["relu", "sigmoid"]:
        shapes = f"{emb.shape}, {w1.shape}, {w2.shape}, {activations}"
        return {"error": f"the weights have other shapes or activations ({shapes})"}
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


def installed_versions(*modules) -> dict:
    """The installed version of each module's distribution, read without importing it (keras-nightly counts as
    keras: any distribution that provides the module)."""
    import importlib.metadata as meta

    provided = meta.packages_distributions()
    out: dict[str, str | None] = {}
    for module in modules:
        names = provided.get(module) or [module]
        found = []
        for name in names:
            try:
                found.append(f"{name}=={meta.version(name)}")
            except meta.PackageNotFoundError:
                continue
        out[module] = ",".join(sorted(found)) or None
    return out


def reference_marker() -> str:
    """What the reference training's store name depends on, read without importing TensorFlow: the sources of
    the recipe and of this pipeline, the data and the library versions (a change of any makes a new name)."""
    from kata.shared import post, training

    versions = installed_versions("tensorflow", "keras", "numpy")
    sources = [inspect.getsource(m) for m in (post, training)]
    return "reference-" + cache.key(sources, source_digest(), data_digest(), versions, sys.version)


@lru_cache(maxsize=None)
def reference_fit_key() -> str | None:
    """The store name of the reference training: a learner's fit with this name is the reference training.
    Worked out once (it builds the model) and remembered beside the training."""
    marker = reference_marker()
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

    name = reference_fit_key()
    found = training.stored(name, cache.folder("judge")) if name else None
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
