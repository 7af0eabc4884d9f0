"""How the learner process sends what the learner's code made: Keras models as `.keras` files, Histories,
tensors and matplotlib figures as descriptions (kata.shared.codec hooks, learner side).

Each hook looks only at libraries already imported: a value cannot be a Keras model if Keras was
never imported.
"""

from __future__ import annotations

import math
import sys
import warnings

from kata.shared.codec import type_name

MAX_POINTS = 100_000  # points of one line sent to the judge


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
            return {"$t": "figure", "type": type_name(value), "axes": [_axes(ax) for ax in value.get_axes()],
                    "suptitle": _text(getattr(value, "_suptitle", None))}
        if isinstance(value, Axes):
            return {"$t": "axes", "type": type_name(value), **_axes(value)}
        return None

    return [keras_values, tf_values, figures]


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
    return {"title": ax.get_title(), "xlabel": ax.get_xlabel(), "ylabel": ax.get_ylabel(), "lines": lines,
            "legend": None if legend is None else [t.get_text() for t in legend.get_texts()],
            "collections": len(ax.collections), "patches": len(ax.patches)}
