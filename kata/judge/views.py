"""How the judge reads what a learner process sent back (kata.shared.codec decode hooks, judge side).

- a Keras model arrives as a `.keras` file, checked (a zip of the expected parts, Keras's own classes
  only) and loaded with `safe_mode=True`: a model the judge can inspect and run itself;
- a History arrives as its data (`history`, `params`, `epoch`);
- a matplotlib figure arrives as a description: read-only views with the few methods of matplotlib's
  API the checks use (`fig.get_axes()`, `ax.get_lines()`, `line.get_ydata()`, `ax.get_legend()` ...);
- a tensor arrives as a NumPy array that remembers the learner's type.
"""

from __future__ import annotations

import json
import warnings
import zipfile

import numpy as np

from kata.judge.feedback import Feedback
from kata.shared.codec import CodecError

MAX_MODEL_BYTES = 300_000_000  # uncompressed; the post's model is under 2 MB
MODEL_PARTS = {"config.json", "metadata.json", "model.weights.h5"}


class TypedArray(np.ndarray):
    """A NumPy array made from a learner's tensor: `learner_type` says what it was."""

    learner_type = None


class HistoryView:
    """What a Keras History held: `history` (a dict of lists), `params`, `epoch`; `of_argument` lists the
    call's arguments whose `model.history` it was (the History that model.fit returned)."""

    def __init__(self, history, params, epoch, type_name, of_argument):
        self.history, self.params, self.epoch = history, params, epoch
        self.type_name, self.of_argument = type_name, of_argument

    def __repr__(self):
        return f"<{self.type_name}: history keys {sorted(self.history) if isinstance(self.history, dict) else '?'}>"


class TextView:
    def __init__(self, text):
        self._text = str(text)

    def get_text(self):
        return self._text


class LegendView:
    def __init__(self, texts):
        self._texts = [TextView(t) for t in texts]

    def get_texts(self):
        return list(self._texts)


class LineView:
    def __init__(self, d: dict):
        self._d = d

    def get_xdata(self):
        return _floats(self._d.get("x"))

    def get_ydata(self):
        return _floats(self._d.get("y"))

    def get_marker(self):
        return self._d.get("marker")

    def get_linestyle(self):
        return self._d.get("linestyle")

    def get_color(self):
        return self._d.get("color")

    def get_label(self):
        return self._d.get("label")


class AxesView:
    def __init__(self, d: dict, type_name="matplotlib.axes.Axes"):
        self._d, self.type_name = d, type_name
        self.described = d  # as the learner process described it (to compare with another description)
        self._lines = [LineView(x) for x in d.get("lines") or [] if isinstance(x, dict)]
        legend = d.get("legend")
        self._legend = LegendView(legend) if isinstance(legend, list) else None

    def get_lines(self):
        return list(self._lines)

    def get_title(self, loc="center"):
        if loc == "center":
            return str(self._d.get("title") or "")
        titles = self._d.get("titles")
        return str((titles.get(loc) if isinstance(titles, dict) else "") or "")

    def get_xlabel(self):
        return str(self._d.get("xlabel") or "")

    def get_ylabel(self):
        return str(self._d.get("ylabel") or "")

    def get_legend(self):
        return self._legend

    def __repr__(self):
        return f"<{self.type_name}: {self.get_title()!r}>"


class FigureView:
    """A figure as described: its Axes, its own titles and labels (suptitle, supxlabel, supylabel), and `saves`: each
    time the learner's code saved it, the SHA-256 of the bytes written and what the figure showed then."""

    def __init__(self, axes, type_name="matplotlib.figure.Figure", suptitle=None, described: dict | None = None,
                 saves=()):
        self._axes, self.type_name, self.suptitle = axes, type_name, suptitle
        self.described = described or {}
        self.saves = list(saves)

    def get_axes(self):
        return list(self._axes)

    def get_suptitle(self):
        return str(self.described.get("suptitle") or self.suptitle or "")

    def get_supxlabel(self):
        return str(self.described.get("supxlabel") or "")

    def get_supylabel(self):
        return str(self.described.get("supylabel") or "")

    def __repr__(self):  # what the learner's value was, never this class's name
        return f"<{self.type_name} with {len(self._axes)} Axes>"


class SavedView:
    """One save of a figure: the file's name, the SHA-256 of the bytes written, and the figure as it was then."""

    def __init__(self, file, sha256, figure):
        self.file, self.sha256 = str(file or "")[:200], str(sha256 or "")[:64]
        described = figure if isinstance(figure, dict) else {}
        axes = [AxesView(a) for a in described.get("axes") or [] if isinstance(a, dict)]
        self.figure = FigureView(axes, described=described)

    def __repr__(self):
        return f"<a save of a figure: {self.file!r}>"


def _floats(values):
    out = []
    for v in values or []:
        if isinstance(v, (int, float)) and not isinstance(v, bool):
            out.append(float(v))
        elif v in ("nan", "inf", "-inf"):
            out.append(float(v))
        else:
            out.append(float("nan"))
    return np.asarray(out, dtype=float)


def read_head(path, size: int) -> bytes | None:
    """The first bytes of a file the learner's code wrote, or None when it is not a regular file
    (a missing file, a folder, a link to somewhere else, a device)."""
    import os
    import stat

    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
    except OSError:
        return None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return None
        return os.read(fd, size)
    finally:
        os.close(fd)


def file_digest(path, limit: int = 50_000_000) -> str | None:
    """The SHA-256 of a file the learner's code wrote, or None when it is not a regular file (as read_head)."""
    import hashlib
    import os
    import stat

    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
    except OSError:
        return None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or info.st_size > limit:
            return None
        digest = hashlib.sha256()
        while chunk := os.read(fd, 1 << 20):
            digest.update(chunk)
        return digest.hexdigest()
    finally:
        os.close(fd)


def _text(value, limit=500) -> str:
    return str(value)[:limit]


class ModelFile:
    """A learner's `.keras` file, checked, read without Keras: its configuration (JSON) and its weights
    (HDF5, through h5py). `load()` gives the Keras model (safe_mode) when a check needs one."""

    def __init__(self, path, config: dict):
        self.path, self.config = path, config

    def layers(self) -> list[dict]:
        """[{class_name, name, config}] in order (a Sequential's layers)."""
        layers = (self.config.get("config") or {}).get("layers") or []
        return [{"class_name": str(layer.get("class_name")), "name": str((layer.get("config") or {}).get("name")),
                 "config": layer.get("config") or {}} for layer in layers if isinstance(layer, dict)]

    def weights(self) -> dict:
        """{layer name: [arrays]} as stored (`layers/<name>/vars/<i>`)."""
        import io

        import h5py

        with zipfile.ZipFile(self.path) as z, z.open("model.weights.h5") as f:
            data = io.BytesIO(f.read(MAX_MODEL_BYTES + 1))
        out = {}
        with h5py.File(data, "r") as h:
            for name, group in (h.get("layers") or {}).items():
                variables = group.get("vars") if hasattr(group, "get") else None
                if variables is None:
                    continue
                out[name] = [np.asarray(variables[k]) for k in sorted(variables, key=lambda k: int(k) if k.isdigit() else 0)]
        return out

    def load(self):
        return _load_keras(self.path)

    def __repr__(self):  # what the learner's value was: a Keras model
        return f"<a Keras model: {(self.config or {}).get('class_name') or 'Model'}>"


def model_file(path, own_code=False) -> ModelFile:
    """A learner's `.keras` file, checked (a zip of the expected parts, Keras's own classes only; with
    own_code=True the learner's registered layers and functions too: a file the judge only passes on)."""
    try:
        with zipfile.ZipFile(path) as z:
            infos = z.infolist()
            names = {i.filename for i in infos}
            size = sum(i.file_size for i in infos)
            others = names - MODEL_PARTS - {n for n in names if n.startswith("assets/")}
            if size > MAX_MODEL_BYTES or not {"config.json"} <= names or others:
                raise ValueError("not the parts of a .keras file")
            config = json.loads(z.read("config.json"))
    except (OSError, ValueError, zipfile.BadZipFile, KeyError) as exc:
        raise Feedback("crashed", "generic.model_unreadable", reason=_text(exc, 200)) from None
    foreign = sorted(_foreign_modules(config))
    if foreign and not own_code:
        raise Feedback("wrong", "generic.model_custom", reason=", ".join(foreign)[:200])
    return ModelFile(path, config if isinstance(config, dict) else {})


def load_model(path):
    """A learner's `.keras` file as a Keras model, after checking it is one; Feedback when it cannot be read."""
    return _load_keras(model_file(path).path)


def _load_keras(path):
    import keras

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return keras.saving.load_model(path, safe_mode=True, compile=True)
    except Exception as exc:  # Lambda layers (refused by safe_mode), a class of the learner's file ...
        text = f"{type(exc).__name__}: {exc}".splitlines()[0][:200]
        key = "generic.model_lambda" if "Lambda" in text or "lambda" in text else "generic.model_custom"
        raise Feedback("wrong", key, reason=text) from None


def _foreign_modules(config) -> set:
    """Modules named in a model's config that are not Keras's own (a learner's class, say)."""
    found = set()
    if isinstance(config, dict):
        module = config.get("module")
        if isinstance(module, str) and module not in ("builtins",
                                                      ) and not (module == "keras" or module.startswith("keras.")):
            found.add(f"{module}.{config.get('class_name')}")
        registered = config.get("registered_name")
        if isinstance(registered, str) and ">" in registered:
            found.add(registered)
        for value in config.values():
            found |= _foreign_modules(value)
    elif isinstance(config, list):
        for value in config:
            found |= _foreign_modules(value)
    return found


def hooks(models: str = "keras") -> dict:
    """The judge's decode hooks (tag -> function). models: "keras" loads Keras models (safe_mode); "file"
    gives a ModelFile (no Keras import: the weights and the configuration as data); "own_code" a ModelFile
    that may hold the learner's registered classes and functions (never loaded here: for ModelInput)."""

    def model(node, box, dec):
        if "file" not in node:
            raise Feedback("crashed", "generic.model_unsaved", reason=_text(node.get("error"), 200),
                           layers=", ".join(map(str, node.get("layers") or []))[:200])
        path = box.open_file(node["file"])
        if models in ("file", "own_code"):
            return model_file(path, own_code=models == "own_code")
        return load_model(path)

    def history(node, box, dec):
        of = node.get("of_argument") or []
        return HistoryView(dec(node.get("history")), dec(node.get("params")), dec(node.get("epoch")),
                           _text(node.get("type"), 200), [int(i) for i in of if isinstance(i, int)])

    def figure(node, box, dec):
        axes = [AxesView(a) for a in node.get("axes") or [] if isinstance(a, dict)]
        described = {k: node.get(k) for k in ("axes", "suptitle", "supxlabel", "supylabel")}
        saves = [SavedView(s.get("file"), s.get("sha256"), s.get("figure")) for s in node.get("saves") or []
                 if isinstance(s, dict)]
        return FigureView(axes, _text(node.get("type"), 200), node.get("suptitle"), described, saves)

    def axes(node, box, dec):
        return AxesView(node, _text(node.get("type"), 200))

    def tensor(node, box, dec):
        value = dec(node.get("v"))
        if not isinstance(value, np.ndarray):
            raise CodecError("bad tensor")
        out = value.view(TypedArray)
        out.learner_type = _text(node.get("type"), 200)
        return out

    def known(node, box, dec):
        from kata.judge.known import known_value

        return known_value(node.get("digest"))

    return {"model": model, "history": history, "figure": figure, "axes": axes, "tensor": tensor, "known": known}
