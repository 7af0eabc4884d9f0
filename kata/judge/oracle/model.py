"""The reference pipeline's model: the post's model trained the post's way (once per machine and seed, stored in
the judge's own cache with the weights of every epoch), its weights, record and test results; the judge's own
evaluation of a learner's weights (NumPy, no Keras), and which epoch of its own training they are."""

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


def fit(model, callbacks=()):
    """Train a model the post's way on the post's split. Returns the History."""
    (x_tr, y_tr), (x_val, y_val) = split()
    settings = dict(epochs=EPOCHS, batch_size=BATCH_SIZE, validation_data=(x_val, y_val), callbacks=list(callbacks))
    if PROGRESS is None:
        return model.fit(x_tr, y_tr, verbose=0, **settings)
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
        return model.fit(x_tr, y_tr, verbose=2, **settings)


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


class _Snapshots:
    """A Keras callback that keeps the weights at the end of every epoch (the training's trajectory)."""

    def __new__(cls):
        import keras

        class Snapshots(keras.callbacks.Callback):
            def __init__(self):
                super().__init__()
                self.epochs: list = []

            def on_epoch_end(self, epoch, logs=None):
                self.epochs.append([np.asarray(w).copy() for w in self.model.get_weights()])

        return Snapshots()


@lru_cache(maxsize=None)
def trained():
    """The post's model trained the post's way (with the run's seed, kata.shared.post.seed): `(model, history)`.
    Trained once per machine and seed, and stored in the judge's own cache with the weights of every epoch
    (the trajectory the learner's trainings of steps 8 and 12 are compared with)."""
    from kata.shared import training

    folder, name = cache.folder("judge"), reference_name()
    model = reference_model()
    found = training.stored(name, folder)
    if found is not None and _trajectory_file(found[0]) is not None:
        record, weights = found
        model.load_weights(weights)
        history = training.history_of(model, record)
        return model, {k: list(v) for k, v in history.history.items()}
    snapshots = _Snapshots()
    history = fit(model, callbacks=[snapshots])
    _store(model, name, history, snapshots.epochs)
    return model, {k: [float(x) for x in v] for k, v in history.history.items()}


def _store(model, name: str, history, epochs: list) -> None:
    """The reference training into the judge's cache: weights, record, and the trajectory (its digest recorded)."""
    from kata.shared import digest, training

    folder = cache.folder("judge")
    arrays = {f"e{e}_{i}": w for e, weights in enumerate(epochs, start=1) for i, w in enumerate(weights)}
    path = folder / f"{name}.epochs.npz"
    try:
        cache.atomic_write(path, lambda f: np.savez(f, **arrays))
        training.store(model, name, history, folder, extra={"trajectory_sha256": digest.of_file(path)})
    except OSError:  # a full disk or a read-only cache costs time, not results: kept for this process
        pass
    _TRAJECTORY[name] = epochs


_TRAJECTORY: dict = {}  # name -> the trajectory trained (or read) in this process


def _trajectory_file(record: dict):
    """The stored trajectory of a record, when its file is the one stored (else None)."""
    from kata.shared import digest

    path = cache.folder("judge") / f"{reference_name()}.epochs.npz"
    wanted = record.get("trajectory_sha256")
    return path if isinstance(wanted, str) and digest.of_file(path) == wanted else None


def trajectory() -> list:
    """The reference training's weights at the end of each epoch: [[arrays of epoch 1], ..., [arrays of epoch 40]]."""
    from kata.shared import training

    name = reference_name()
    if name not in _TRAJECTORY:
        found = training.stored(name, cache.folder("judge"))
        path = _trajectory_file(found[0]) if found is not None else None
        if path is None:
            trained.cache_clear()
            trained()
        else:
            with np.load(path, allow_pickle=False) as f:
                count = 1 + max(int(k.split("_")[0][1:]) for k in f.files)
                width = len([k for k in f.files if k.startswith("e1_")])
                _TRAJECTORY[name] = [[f[f"e{e}_{i}"] for i in range(width)] for e in range(1, count)]
    return _TRAJECTORY[name]


def same_weights(mine, theirs, tolerance: float = 1e-3) -> bool:
    """Whether two lists of weight arrays are the same training's: every array within `tolerance` of the other,
    relative to its size (recompiling with the same settings moves them by about 1e-6; an epoch less, by 0.1)."""
    if len(mine) != len(theirs):
        return False
    for a, b in zip(mine, theirs):
        a, b = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
        if a.shape != b.shape or not np.isfinite(a).all():
            return False
        if float(np.linalg.norm(a - b)) > tolerance * max(float(np.linalg.norm(b)), 1e-12):
            return False
    return True


def weights_of(model) -> list | None:
    """A learner's post model (a views.ModelFile) as the list model.get_weights() gives: [embedding, dense kernel,
    dense bias, output kernel, output bias]; None when it is not the post's model."""
    try:
        layers = [layer for layer in model.layers() if layer["class_name"] != "InputLayer"]
        stored = model.weights()
        return [w for layer in layers for w in stored.get(layer["name"], [])]
    except (ValueError, KeyError, TypeError, OSError):
        return None


def matching_epoch(weights) -> int | None:
    """The epoch (1-based) of the reference training whose weights these are, or None: the weights a learner's
    training ended with, established by the judge's own training (nothing the learner's process said counts)."""
    epochs = trajectory()
    for number in [len(epochs), *range(1, len(epochs))]:  # the last epoch first: step 8's
        if same_weights(weights, epochs[number - 1]):
            return number
    return None


def reference_model(watch=None):
    """A fresh post model, seeded with the run's seed and compiled the kata's way (kata.shared.training)."""
    from kata.shared import training

    return training.spy_model(watch=watch, seed=seed())


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


def reference_name() -> str:
    """The store name of the reference training: the sources of the recipe and of this pipeline, the data, the
    library versions and the seed (a change of any makes a new name), read without importing TensorFlow."""
    from kata.shared import post, training

    versions = installed_versions("tensorflow", "keras", "numpy")
    sources = [inspect.getsource(m) for m in (post, training)]
    return "reference-" + cache.key(sources, source_digest(), data_digest(), versions, sys.version, seed())


def seed() -> int:
    """The run's seed (KATA_SEED in a class's grading, else the post's)."""
    from kata.shared import post

    return post.seed()


def trained_weights():
    """The file of the reference model's trained weights (in the judge's cache folder)."""
    from kata.shared import training

    name = reference_name()
    found = training.stored(name, cache.folder("judge"))
    if found is not None:
        return found[1]  # stored, and the file is the one stored: no model to build
    model, _ = trained()  # a missing or damaged training is trained (and stored) again
    found = training.stored(name, cache.folder("judge"))
    if found is not None:
        return found[1]
    import tempfile  # a cache that cannot be written: a copy for this session

    path = Path(tempfile.mkdtemp(prefix="kata-ref-")) / "reference.weights.h5"
    model.save_weights(path)
    return path


def trained_weights_ready() -> bool:
    """True when the reference training is stored here (no training to wait for)."""
    from kata.shared import training

    try:
        return training.stored(reference_name(), cache.folder("judge")) is not None
    except Exception:
        return False


def reference_record() -> dict:
    """The reference training as a record ({params, epoch, history})."""
    from kata.shared import training

    found = training.stored(reference_name(), cache.folder("judge"))
    if found is not None and {"params", "epoch", "history"} <= set(found[0]):
        return found[0]  # as stored beside its weights: no model to build
    model, _ = trained()
    return training.record_of(model.history)


@lru_cache(maxsize=None)
def test_results():
    """[loss, accuracy] of the trained reference model on the test set (stored beside its training)."""
    name = f"{reference_name()}-test"
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
