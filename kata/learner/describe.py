"""How the learner process sends what the learner's code made: Keras models as `.keras` files, Histories,
tensors and matplotlib figures as descriptions (kata.shared.codec hooks, learner side).

Each hook looks only at libraries already imported: a value cannot be a Keras model if Keras was
never imported.

A figure's description includes its saves: `watch_saves()` (called before the learner's code runs) makes
Figure.savefig note, each time, what the figure showed then and the SHA-256 of the bytes it wrote. The judge finds
the files the learner's code saved among them by their digest, so it knows which figure a file is a picture of, and
in which state, without decoding an image.
"""

from __future__ import annotations

import hashlib
import importlib.abc
import importlib.util
import math
import os
import sys
import warnings

from kata.shared.codec import array_digest, short_repr, type_name

MAX_POINTS = 100_000  # points of one line sent to the judge
MAX_SAVES = 8  # saves of one figure described (the last ones)
MAX_SAVED_BYTES = 50_000_000  # a larger file is not read back for its digest
SAVES = "_kata_saves"  # the attribute of a Figure where its saves are noted


def hooks(args=()):
    """The encode hooks; args: the call's arguments (a History that is `args[i].history` says so)."""
    def keras_values(value, box, enc):
        if "keras" not in sys.modules:
            return None
        import keras

        if isinstance(value, keras.Model):
            return _model(value, box)
        if isinstance(value, keras.callbacks.History):
            return {"$t": "history", "type": type_name(value), "history": enc(_plain(value.history)),
                    "params": enc(_plain(value.params or {})), "epoch": enc(_plain(list(value.epoch or []))),
                    "of_argument": [i for i, m in enumerate(args) if m is not None and getattr(m, "history", None) is value
                                    and _is_model(m)]}
        if isinstance(value, keras.Variable):
            return _tensor(value, enc)
        return None

    def tf_values(value, box, enc):
        if "tensorflow" not in sys.modules:
            return None
        import tensorflow as tf

        if isinstance(value, (tf.Tensor, tf.Variable)):
            return _tensor(value, enc)
        return None

    def figures(value, box, enc):
        if "matplotlib" not in sys.modules:
            return None
        from matplotlib.axes import Axes
        from matplotlib.figure import Figure

        if isinstance(value, Figure):
            return {"$t": "figure", "type": type_name(value), **_figure(value),
                    "saves": list(getattr(value, SAVES, None) or [])[-MAX_SAVES:]}
        if isinstance(value, Axes):
            return {"$t": "axes", "type": type_name(value), **_axes(value)}
        return None

    return [keras_values, tf_values, figures]


def argument(value):
    """What the judge needs to know of a value passed to fit/evaluate: a digest for arrays, else a picture."""
    import numpy as np

    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, (np.integer, np.floating, np.bool_)):  # epochs=np.int64(40): a number, as Keras reads it
        return value.item()
    if isinstance(value, (list, tuple)) and len(value) <= 8 and not _array_like(value):
        items = [argument(v) for v in value]
        return {"$t": "tuple", "v": items} if isinstance(value, tuple) else items
    try:
        arr = np.asarray(value)
    except Exception:
        return {"$t": "object", "type": type_name(value), "repr": short_repr(value, 80)}
    if arr.dtype == object:
        return {"$t": "object", "type": type_name(value), "repr": short_repr(value, 80)}
    return {"$t": "digest", "digest": array_digest(arr), "shape": list(arr.shape), "dtype": arr.dtype.str,
            "type": type_name(value)}


def _array_like(value) -> bool:
    return bool(value) and all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in value[:4])


def _is_model(value) -> bool:
    keras = sys.modules.get("keras")
    return keras is not None and isinstance(value, keras.Model)


def _plain(value):
    """History lists hold NumPy or Python numbers: plain floats and ints for the judge."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    try:
        import numpy as np

        if isinstance(value, np.generic):
            return value.item()
    except ImportError:  # pragma: no cover
        pass
    return value


def _tensor(value, enc):
    import numpy as np

    try:
        array = np.asarray(value)
    except Exception:
        return None
    return {"$t": "tensor", "type": type_name(value), "v": enc(array)}


def _model(model, box) -> dict:
    node = {"$t": "model", "type": type_name(model), "built": bool(model.built),
            "layers": [type_name(layer) for layer in model.layers]}
    name, path = box.new_file(".keras")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            _as_keras(model).save(path)
        node["file"] = name
    except Exception as exc:  # a layer Keras cannot save: the judge is told why
        node["error"] = f"{type(exc).__name__}: {exc}"[:300]
    return node


def _as_keras(model):
    """The kata's own SpyModel (a Sequential that reports its calls) travels as the plain Sequential it is."""
    if not type(model).__module__.startswith("kata."):
        return model
    import keras

    plain = keras.Sequential.from_config(model.get_config())
    plain.set_weights(model.get_weights())
    config = model.get_compile_config()
    if config:
        plain.compile_from_config(config)
    return plain


def _text(artist) -> str | None:
    return artist.get_text() if artist is not None and hasattr(artist, "get_text") else None


def _numbers(values) -> list:
    import numpy as np

    try:
        arr = np.asarray(values, dtype=float).ravel()
    except (TypeError, ValueError):
        return []
    out = arr[:MAX_POINTS].tolist()
    return [x if math.isfinite(x) else repr(x) for x in out]


def _figure(fig) -> dict:
    """What a figure shows: its Axes, and the titles and labels of the figure itself (suptitle, supxlabel...)."""
    def said(name):
        getter = getattr(fig, f"get_{name}", None)  # matplotlib 3.8+; before, the artist itself
        if callable(getter):
            return str(getter())
        return _text(getattr(fig, f"_{name}", None))

    return {"axes": [_axes(ax) for ax in fig.get_axes()], "suptitle": said("suptitle"), "supxlabel": said("supxlabel"),
            "supylabel": said("supylabel")}


def _axes(ax) -> dict:
    from matplotlib.colors import to_hex

    lines = []
    for line in ax.get_lines():
        try:
            color = to_hex(line.get_color())
        except (ValueError, TypeError):
            color = str(line.get_color())
        lines.append({"x": _numbers(line.get_xdata()), "y": _numbers(line.get_ydata()), "marker": str(line.get_marker()),
                      "linestyle": str(line.get_linestyle()), "color": color, "label": str(line.get_label())})
    legend = ax.get_legend()
    return {"title": ax.get_title(), "titles": {loc: ax.get_title(loc=loc) for loc in ("left", "right")},
            "xlabel": ax.get_xlabel(), "ylabel": ax.get_ylabel(), "lines": lines,
            "legend": None if legend is None else [t.get_text() for t in legend.get_texts()],
            "collections": len(ax.collections), "patches": len(ax.patches)}


# --- what a figure's saves wrote -------------------------------------------------------------------------

def watch_saves() -> None:
    """From now on in this process, Figure.savefig notes on the figure what it showed and the digest of the file it
    wrote (at once if matplotlib.figure is imported, else when it is)."""
    module = sys.modules.get("matplotlib.figure")
    if module is not None:
        _watch(module.Figure)
    elif not any(isinstance(f, _WhenImported) for f in sys.meta_path):
        sys.meta_path.insert(0, _WhenImported())


class _WhenImported(importlib.abc.MetaPathFinder):
    """Finds matplotlib.figure as the other finders do, and watches its Figure once the module has run."""

    def find_spec(self, name, path=None, target=None):
        if name != "matplotlib.figure":
            return None
        sys.meta_path.remove(self)
        spec = importlib.util.find_spec(name)
        if spec is not None and spec.loader is not None:
            spec.loader = _Watching(spec.loader)
        return spec


class _Watching(importlib.abc.Loader):
    def __init__(self, loader):
        self.loader = loader

    def create_module(self, spec):
        return self.loader.create_module(spec)

    def exec_module(self, module):
        self.loader.exec_module(module)
        _watch(module.Figure)

    def __getattr__(self, name):
        return getattr(self.loader, name)


def _watch(figure_class) -> None:
    original = figure_class.savefig
    if getattr(original, "_kata_watched", False):
        return

    def savefig(self, fname, *args, **kwargs):
        start = _position(fname)
        out = original(self, fname, *args, **kwargs)
        try:
            _note(self, fname, start, kwargs)
        except Exception:  # noqa: BLE001 - a save the kata cannot read back is simply not noted
            pass
        return out

    savefig._kata_watched = True  # type: ignore[attr-defined]
    savefig.__doc__, savefig.__name__, savefig.__wrapped__ = original.__doc__, "savefig", original  # type: ignore[attr-defined]
    figure_class.savefig = savefig


def _position(fname):
    try:
        return None if isinstance(fname, (str, os.PathLike)) else fname.tell()
    except Exception:  # noqa: BLE001 - a stream that cannot tell: read from its start
        return 0


def _note(fig, fname, start, kwargs) -> None:
    """Note on `fig` the digest of what this save wrote and what the figure showed."""
    data, name = None, None
    if isinstance(fname, (str, os.PathLike)):
        path = os.path.abspath(os.fspath(fname))
        candidates = [path]
        if not os.path.splitext(path)[1]:  # savefig adds the format's extension to a name without one
            import matplotlib

            candidates.append(f"{path.rstrip('.')}.{kwargs.get('format') or matplotlib.rcParams['savefig.format']}")
        for candidate in candidates:
            if os.path.isfile(candidate) and os.path.getsize(candidate) <= MAX_SAVED_BYTES:
                with open(candidate, "rb") as f:
                    data, name = f.read(), os.path.basename(candidate)
                break
    else:
        start = start or 0
        getvalue = getattr(fname, "getvalue", None)
        if callable(getvalue):  # io.BytesIO
            data = getvalue()[start:]
        elif isinstance(getattr(fname, "name", None), str) and os.path.isfile(fname.name):
            fname.flush()
            with open(fname.name, "rb") as f:
                f.seek(start)
                data = f.read(MAX_SAVED_BYTES)
        name = os.path.basename(str(getattr(fname, "name", "") or ""))
    if not isinstance(data, bytes):
        return
    saves = fig.__dict__.setdefault(SAVES, [])
    saves.append({"file": name, "sha256": hashlib.sha256(data).hexdigest(), "figure": _figure(fig)})
    del saves[:-MAX_SAVES]
