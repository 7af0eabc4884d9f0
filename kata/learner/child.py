"""The learner process: import the learner's file, call one function with the inputs the judge named,
and send back what it returned, as data.

Runs in a fresh process forked by kata.learner.supervisor, or started by it where there is no fork
(after its limits are set). Everything the judge learns from here is data: result.json in the call's
out folder (kata.shared.codec) and a few messages on the control socket (events such as "model.fit was called
with ..."). Whatever happens (an exception, sys.exit, KeyboardInterrupt), it is reported as data too, and
the process ends.
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import socket
import sys
from pathlib import Path

from kata.learner import describe
from kata.learner.errors import raised, short_path
from kata.shared import codec, framing
from kata.shared.source import is_stub
from kata.shared.vocabulary import Op


class Channel:
    """The control channel to the judge: JSON lines; a request waits for the judge's reply."""

    def __init__(self, sock: socket.socket):
        self.sock, self.lines, self.pending = sock, framing.Lines(), []

    def send(self, message: dict):
        self.sock.sendall(framing.dumps(message))

    def request(self, message: dict) -> dict:
        self.send(message)
        while not self.pending:
            data = self.sock.recv(1 << 20)
            if not data:
                os._exit(75)  # the judge is gone
            self.pending.extend(self.lines.feed(data))
        return self.pending.pop(0)


CHANNEL: Channel | None = None


def event(name: str, data: dict) -> dict:
    """Tell the judge something happened (model.fit was called ...) and wait for its answer."""
    if CHANNEL is None:
        return {"action": "go"}
    return CHANNEL.request({"op": Op.EVENT, "name": name, "data": data})


# --- inputs -----------------------------------------------------------------------------------------

def input_hooks(spec: dict, memo):
    call_dir, out_dir = Path(spec["call_dir"]), Path(spec["out_dir"])

    def named(node, box, dec):
        kind = node.get("kind")
        if kind == "memo":
            return memo.get(node["folder"])
        if kind == "post_model":
            return _post_model(node, call_dir, spec)
        if kind == "history":
            import keras

            history = keras.callbacks.History()
            history.history = dec(node["history"])
            history.params = dec(node["params"])
            history.epoch = dec(node["epoch"])
            return history
        if kind == "outdir":
            folder = out_dir / str(node["name"])
            folder.mkdir(parents=True, exist_ok=True)
            return folder
        if kind == "model_file":  # loaded once the learner's files are imported (their own layers too)
            return SavedModel(box.open_file(str(node["file"])))
        raise codec.CodecError(f"unknown input {kind!r}")

    return {"input": named}


class SavedModel:
    """A `.keras` file to load for the learner's function, after its files are imported."""

    def __init__(self, path):
        self.path = path

    def load(self):
        import keras

        from kata.shared import post

        post.quiet_tensorflow()
        return keras.saving.load_model(self.path, safe_mode=False)  # the learner's own model, in their process


def _post_model(node, call_dir: Path, spec: dict):
    """The post's model, fresh or with trained weights; a SpyModel that reports fit/evaluate to the judge."""
    from kata.shared import post, training

    post.quiet_tensorflow()
    if node.get("spy"):
        from kata.shared import cache

        model = training.spy_model(watch=_watcher, store_in=cache.folder("learner"), fast=not node.get("weights"),
                                   seed=node.get("seed"))
    else:
        import keras

        post.seed_everything(node.get("seed"))
        model = keras.Sequential(post.layers())
        if node.get("compiled"):
            post.compile_fast(model)
    if node.get("weights"):
        model.load_weights(call_dir / node["weights"])
    return model


def _watcher(model, name, arguments):
    """SpyModel's watcher here: the judge hears of each fit/evaluate/predict call before it runs. What it hears only
    shapes a message (wrong settings stop the process before it trains); a pass rests on the weights that come
    back, compared by the judge with its own training."""
    from kata.shared import training

    data = {}
    for key, value in arguments.items():
        if key == "callbacks":
            try:
                described = [training.describe_callback(c) for c in (value or [])]
            except TypeError:  # one callback, not a list of them
                described = [training.describe_callback(value)]
            data[key] = [{"$t": "dict", "k": list(d), "v": list(d.values())} for d in described]
        else:
            data[key] = describe.argument(value)
    event(name, data)  # the judge hears of it before it runs (and may stop the process): a description, never a proof
    return None


SPEC: dict = {}


# --- the learner's files ----------------------------------------------------------------------------

class Stop(Exception):
    """The call cannot go on: its outcome (a dict) is ready."""

    def __init__(self, outcome: dict):
        super().__init__(outcome.get("status"))
        self.outcome = outcome


def load_files(files: list[str], root) -> dict:
    """The namespace of the learner's files, later files' names replacing earlier ones'."""
    namespace: dict = {}
    for path in map(Path, files):
        rel = short_path(path, root)
        if not path.is_file():
            raise Stop({"status": "missing_file", "file": rel})
        name = f"kata_learner_{hashlib.sha256(str(path).encode()).hexdigest()[:12]}"
        spec = importlib.util.spec_from_file_location(name, path)
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module  # dataclasses and pickling look the module up while it runs
        try:
            spec.loader.exec_module(module)
        except SyntaxError as exc:
            raise Stop({"status": "syntax", "file": rel, "line": exc.lineno, "code": (exc.text or "").strip()[:200],
                        "error": str(exc.msg)[:200]}) from None
        except NotImplementedError:
            raise Stop({"status": "not_started_module", "file": rel}) from None
        except BaseException as exc:
            raise Stop({**raised(exc, {str(p) for p in map(Path, files)}, root, "import"), "file": rel}) from None
        namespace.update(vars(module))
    return namespace


# --- the call ---------------------------------------------------------------------------------------

def run(spec: dict, sock: socket.socket, memo) -> None:
    """Do the call the judge asked for and report it. Never returns."""
    global CHANNEL, SPEC
    CHANNEL, SPEC = Channel(sock), spec
    try:
        outcome = _run(spec, memo)
    except Stop as stop:
        outcome = stop.outcome
    except BaseException as exc:  # noqa: BLE001 - everything is reported, nothing escapes
        outcome = {"status": "harness_error", "text": f"{type(exc).__name__}: {exc}"[:500]}
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except Exception:
        pass
    try:
        CHANNEL.send({"op": Op.RESULT, **outcome})
    except Exception:
        pass
    os._exit(0)


def _run(spec: dict, memo) -> dict:
    root = spec.get("cwd") or spec["root"]  # paths in messages: relative to the learner's folder
    os.chdir(spec.get("cwd") or root)
    files = [str(Path(f)) for f in spec["files"]]
    sys.argv = [files[0]]
    call_dir, out_dir = Path(spec["call_dir"]), Path(spec["out_dir"])
    out_dir.mkdir(parents=True, exist_ok=True)
    try:
        args_tree = framing.read_json(call_dir / "args.json")
        decoded = codec.decode(args_tree, codec.Box(call_dir), hooks=input_hooks(spec, memo))
    except codec.CodecError as exc:
        return {"status": "harness_error", "text": f"the call's inputs: {exc}"}
    args, kwargs = list(decoded["args"]), dict(decoded["kwargs"])

    describe.watch_saves()  # a figure the learner's code saves notes what it showed and what it wrote
    namespace = load_files(files, root)
    name = spec["function"]
    fn = namespace.get(name)
    if not callable(fn):
        return {"status": "missing_function", "function": name, "found": type(fn).__name__ if fn is not None else None}
    if is_stub(fn):
        return {"status": "stub", "function": name}
    learner_files = set(files)
    if "keras" in sys.modules:  # the same random numbers on every run (a model of the learner's own, step 14)
        from kata.shared import post

        post.seed_everything()
    try:
        args = [a.load() if isinstance(a, SavedModel) else a for a in args]
    except BaseException as exc:  # a model that cannot be loaded again: the learner's to fix
        return raised(exc, learner_files, root, "load_model")
    try:
        value = fn(*args, **kwargs)
    except NotImplementedError:
        return {"status": "not_implemented", "function": name}
    except BaseException as exc:  # SystemExit and KeyboardInterrupt too: each is this call's outcome
        return raised(exc, learner_files, root, "call")
    return _send_back(value, args, spec, out_dir)


def _send_back(value, args, spec, out_dir: Path) -> dict:
    box = codec.Box(out_dir, prefix="r")
    kept = set(spec.get("keep_args", []))  # an argument sent back on its own is named, not copied, in the value
    same = {id(a): f"arg{i}" for i, a in enumerate(args) if i in kept and not isinstance(a, (int, float, str, bool,
                                                                                             type(None)))}
    hooks = describe.hooks(args)
    try:
        tree = {"value": codec.encode(value, box, hooks=hooks, same=same, known=spec.get("known") or None)}
        keep = {}
        keras = sys.modules.get("keras")
        for i in spec.get("keep_args", []):
            if 0 <= i < len(args):
                keep[f"arg{i}"] = codec.encode(args[i], box, hooks=hooks)
                history = getattr(args[i], "history", None) if keras and isinstance(args[i], keras.Model) else None
                if keras and isinstance(history, keras.callbacks.History):  # the History of the model's last fit
                    keep[f"arg{i}.history"] = codec.encode(history, box, hooks=hooks)
        tree["args"] = keep
        framing.write_json(out_dir / "result.json", tree)
    except codec.CodecError as exc:
        return {"status": "unsendable", "text": str(exc)[:300]}
    except BaseException as exc:  # a full disk, a file over the size limit, a repr that raises ...
        return {"status": "unsendable", "text": f"{type(exc).__name__}: {exc}"[:300],
                "errno": getattr(exc, "errno", None) if isinstance(exc, OSError) else None}
    return {"status": "returned"}
