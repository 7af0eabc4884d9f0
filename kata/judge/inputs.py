"""What a check hands the learner's function besides plain data, and what comes back besides its value: inputs the
learner process makes on its side (the post's model, a History, an output folder, a model file to load again),
one of the judge's files placed for a call, and the call's result."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from kata.shared import codec

BIG = 2000  # items (or KiB) from which an input is written once and shared, not copied into each call


class Input:
    """An input the learner process makes on its side (a model) instead of receiving it as data."""

    modules: tuple = ()

    def node(self, call_dir: Path) -> dict:
        raise NotImplementedError


class PostModel(Input):
    """The post's model, made in the learner process: fresh (seeded), compiled the kata's way, or with the
    judge's trained weights. spy=True: it tells the judge how fit/evaluate are called (on_event)."""

    modules = ("keras", "tensorflow")

    def __init__(self, compiled=False, spy=False, trained=False):
        self.compiled, self.spy, self.trained = compiled or spy, spy, trained

    def node(self, call_dir):
        weights = None
        if self.trained:
            from kata.judge import oracle

            weights = "reference.weights.h5"
            place(oracle.trained_weights(), call_dir / weights)
        from kata.shared import post

        return {"$t": "input", "kind": "post_model", "compiled": self.compiled, "spy": self.spy, "weights": weights,
                "seed": post.seed()}


class ModelInput(Input):
    """A `.keras` file that came back from a learner process (a views.ModelFile), loaded again in a new
    learner process, after the learner's files are imported (so their registered layers load too). The
    judge never loads it: it compares what the learner's code computes with it."""

    modules = ("keras", "tensorflow")

    def __init__(self, model_file):
        self.path = Path(getattr(model_file, "path", model_file))

    def node(self, call_dir):
        name = "given.keras"
        place(self.path, call_dir / name)
        return {"$t": "input", "kind": "model_file", "file": name}


def place(source: Path, target: Path) -> None:
    """A copy of one of the judge's files for a learner process. Never a hard link: the learner process may
    write in its call folder, and through a link it would write into the judge's own file."""
    import shutil

    shutil.copyfile(source, target)


class HistoryInput(Input):
    """A keras.callbacks.History, made in the learner process from these numbers."""

    modules = ("keras", "tensorflow")

    def __init__(self, history: dict, params: dict | None = None, epoch=None):
        self.history, self.params = history, params or {}
        self.epoch = list(epoch) if epoch is not None else list(range(len(next(iter(history.values()), []))))

    def node(self, call_dir):
        box = codec.Box(call_dir, prefix="h")
        return {"$t": "input", "kind": "history", "history": codec.encode(self.history, box),
                "params": codec.encode(self.params, box), "epoch": codec.encode(self.epoch, box)}


class OutDir(Input):
    """A new empty folder for the learner's files; after the call, `path` is where the judge finds them."""

    def __init__(self, name="out"):
        self.name, self.path = name, None

    def node(self, call_dir):
        self.path = call_dir / "out" / self.name
        return {"$t": "input", "kind": "outdir", "name": self.name}


class SameAsArgument:
    """The learner's function returned one of its own arguments (not sent back again)."""

    def __init__(self, index):
        self.index = index

    def __repr__(self):
        return f"<argument {self.index + 1} of the call>"


@dataclass
class Result:
    value: object = None
    args: dict = field(default_factory=dict)  # index -> the argument after the call (those asked for with keep)
    histories: dict = field(default_factory=dict)  # index -> the History of a kept model's last fit (model.history)
    output: str = ""
    seconds: float = 0.0


class Call:
    """The call an event handler hears from (its folder)."""

    def __init__(self, folder: Path):
        self.folder = folder


@dataclass
class ArrayDigest:
    """An array the learner's code passed to model.fit/evaluate, as the learner process described it."""

    digest: str
    shape: tuple
    dtype: str
    type_name: str


def big(value) -> bool:
    import numpy as np

    if isinstance(value, np.ndarray):
        return value.nbytes > BIG * 1024 or (value.dtype == object and len(value) > BIG)
    if type(value) in (list, tuple, dict):
        return len(value) > BIG
    return False


def events(on_event, call: Call):
    """on_event(name, data, call) with the event's data decoded: arrays arrive as ArrayDigest."""
    if on_event is None:
        return None

    def digest(node, box, dec):
        return ArrayDigest(str(node.get("digest"))[:64], tuple(int(n) for n in node.get("shape") or []),
                           str(node.get("dtype"))[:20], str(node.get("type"))[:100])

    def handler(name, data):
        decoded = {}
        for key, value in (data or {}).items():
            if key == "$key":
                decoded[key] = value if isinstance(value, str) else None
                continue
            try:
                decoded[key] = codec.decode(value, codec.Box(Path(os.devnull)), {"digest": digest})
            except codec.CodecError:
                decoded[key] = None
        return on_event(name, decoded, call)

    return handler
