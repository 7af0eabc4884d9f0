"""What the checks in `tests/` use: call the learner's code (in its own process) and say precisely what is wrong.

    def test_shape(learner, ref):
        train, test = learner.call("pad_reviews", *ref.ragged_x)
        expect(train.shape == (25000, 256), "maxlen", got=train.shape, expected=(25000, 256))

`learner.call` runs the learner's function in a fresh learner process (kata.learner) with the inputs
given here, and returns what it returned, as data (kata.shared.codec): numbers, strings, lists, dicts,
NumPy arrays, Keras models (loaded from `.keras` with safe_mode), figures as read-only views. Nothing
the learner's code made runs in the judge.

`expect`/`fail` take a message key of the current step (`maxlen` in tests/test_04_pad.py means
`pad.maxlen` in kata/messages/<lang>/04_pad.toml), so messages stay beside their step.
"""

from __future__ import annotations

import ast
import hashlib
import math
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path

from kata.shared import codec, framing
from kata.shared.source import is_stub_def
from kata.judge import calls, known, views
from kata.judge.relay import Relay
from kata.judge.session import Session
from kata.judge.supervisors import SupervisorError
from kata.judge.feedback import Feedback, KataFault, crashed, show
from kata.manifest import ROOT, Step, time_limit

__all__ = ["Learner", "expect", "fail", "show", "is_number", "PostModel", "HistoryInput", "OutDir", "SameAsArgument"]

# Libraries a learner's file may import that the learner process imports ahead (never the learner's own files).
PREIMPORT = ("numpy", "kata.datasets.imdb", "tensorflow", "keras", "matplotlib", "matplotlib.pyplot")
BIG = 2000  # items (or KiB) from which an input is written once and shared, not copied into each call


def _qualify(key: str) -> str:
    """Prefix a short key with the calling check file's step name."""
    if "." in key:
        return key
    from kata.manifest import step_of_file

    frame = sys._getframe(2)
    for _ in range(4):  # the check that called expect/fail, or a helper of it
        if frame is None:
            break
        filename = frame.f_code.co_filename
        name = Path(filename).stem
        if name.startswith("test_") and name[5:7].isdigit():
            step = step_of_file(filename)  # test_04_pad.py and hidden test_04_pad_extra.py: pad
            return f"{step.name if step else name.split('_', 2)[2]}.{key}"
        frame = frame.f_back
    return key


_NOT_GIVEN = object()  # got=None means "your code gave None", shown as such; not giving got shows no line


def fail(key: str, *, got=_NOT_GIVEN, expected=None, **values):
    """Stop the check: the learner's answer is wrong in the way `key` describes."""
    raise Feedback("wrong", _qualify(key), got=_fmt(got), expected=_fmt(expected), **values)


def expect(ok, key: str, *, got=_NOT_GIVEN, expected=None, **values):
    """`fail(key, ...)` unless ok."""
    if not ok:
        raise Feedback("wrong", _qualify(key), got=_fmt(got), expected=_fmt(expected), **values)


def _fmt(value):
    if value is _NOT_GIVEN:
        return None
    if value is None:
        return "None"
    if isinstance(value, str):
        return value
    return show(value)


def is_number(value) -> bool:
    """A real, finite number (Python or NumPy), not a bool and not a string."""
    if isinstance(value, (bool, str, bytes)) or value is None:
        return False
    try:
        return math.isfinite(float(value))
    except (TypeError, ValueError, OverflowError):
        return False


def target_folder(target: str) -> Path:
    """`exercises` (the learner's code, default), `solutions`, or any folder with the same file names."""
    if target in ("exercises", "solutions"):
        return ROOT / target
    return Path(target).resolve()


# --- inputs the learner process makes itself --------------------------------------------------------

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
        return {"$t": "input", "kind": "post_model", "compiled": self.compiled, "spy": self.spy, "weights": weights}


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
    """What an event handler may do for the call it hears from: give the learner process one of the judge's
    files (`place`), and whether the judge's own trainings may be shared with it (not with KATA_NO_SHARING=1)."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.may_share = not os.environ.get("KATA_NO_SHARING")
        self.count = 0

    def place(self, source: Path) -> str:
        self.count += 1
        name = f"given{self.count}{Path(source).suffix if Path(source).suffix != '.h5' else '.weights.h5'}"
        place(Path(source), self.folder / name)
        return name


@dataclass
class ArrayDigest:
    """An array the learner's code passed to model.fit/evaluate, as the learner process described it."""

    digest: str
    shape: tuple
    dtype: str
    type_name: str


# --- the learner's code -------------------------------------------------------------------------------

class Learner:
    """The learner's code for one step: checked statically here, run in learner processes.

    overrides: further files whose functions replace the module's (the project's own tests use this
    to feed known-wrong answers to a check).
    """

    def __init__(self, step: Step, folder: Path, overrides: list[Path] = ()):
        self.step = step
        self.path = Path(folder) / f"{step.slug}.py"
        self.overrides = [Path(p) for p in overrides]

    @property
    def files(self) -> list[Path]:
        return [self.path, *self.overrides]

    def digest(self) -> str:
        """A hash of the learner's code for this step: any edit changes it."""
        h = hashlib.sha256()
        for p in self.files:
            h.update(p.read_bytes() if p.exists() else b"<missing>")
        return h.hexdigest()

    def _rel(self, path: Path | None = None) -> str:
        path = path or self.path
        try:
            return str(path.resolve().relative_to(ROOT))
        except ValueError:
            return str(path)

    _parsed: dict = {}  # (path, mtime, size) -> its AST: a file is parsed once while it is unchanged

    def _trees(self) -> list[tuple[Path, ast.Module]]:
        out = []
        for path in self.files:
            if not path.is_file():
                raise Feedback("broken", "generic.missing_file", file=self._rel(path))
            try:
                info = path.stat()
                known = Learner._parsed.get((str(path), info.st_mtime_ns, info.st_size))
                if known is not None:
                    out.append((path, known))
                    continue
                source = path.read_bytes()
            except OSError as exc:
                raise Feedback("broken", "generic.unreadable_file", file=self._rel(path), error=str(exc)[:200]) from None
            try:
                tree = ast.parse(source, filename=str(path))
                if len(Learner._parsed) > 512:
                    Learner._parsed.clear()
                Learner._parsed[(str(path), info.st_mtime_ns, info.st_size)] = tree
                out.append((path, tree))
            except SyntaxError as exc:
                raise Feedback("broken", "generic.syntax_error", file=self._rel(path), line=exc.lineno,
                               code=(exc.text or "").strip(), error=exc.msg) from None
            except (ValueError, UnicodeDecodeError) as exc:
                raise Feedback("broken", "generic.syntax_error", file=self._rel(path), line="?", code="",
                               error=str(exc)[:200]) from None
        return out

    def untouched(self) -> bool:
        """True when the file is the original stub, byte for byte (kata/stubs.sha256)."""
        if self.overrides or not self.path.exists() or self.step.stub_digest is None:
            return False
        return hashlib.sha256(self.path.read_bytes()).hexdigest() == self.step.stub_digest

    def definition(self, name: str):
        """The function's last top-level definition in the learner's files (AST), or None."""
        found = None
        for _, tree in self._trees():
            for node in tree.body:
                if getattr(node, "name", None) == name:
                    found = node
        return found

    def function(self, name: str):
        """Checked without running anything: the file exists and parses, and name is not an untouched stub.
        Call it before costly set-up: an untouched stub is "not started" at once."""
        if self.untouched():
            raise Feedback("not_started", "generic.not_started", function=name, file=self._rel())
        node = self.definition(name)
        if node is not None and is_stub_def(node):
            raise Feedback("not_started", "generic.not_started", function=name, file=self._rel())
        return node

    def imports(self) -> list[str]:
        """The libraries the learner's files import, among those the learner process may import ahead."""
        wanted = set()
        for _, tree in self._trees():
            for node in ast.walk(tree):
                if isinstance(node, ast.Import):
                    names = [a.name for a in node.names]
                elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                    names = [node.module, *(f"{node.module}.{a.name}" for a in node.names)]
                else:
                    continue
                for full in names:
                    wanted.update(c for c in PREIMPORT if full == c or full.startswith(c + "."))
        if "keras" in wanted:
            wanted.add("tensorflow")
        return [m for m in PREIMPORT if m in wanted]

    def call(self, name: str, *args, **kwargs):
        """Call the learner's function in a learner process; its return value, as data (or Feedback)."""
        return self.run(name, args, kwargs).value

    def run(self, name: str, args=(), kwargs=None, *, on_event=None, keep=(), limits: dict | None = None,
            models: str = "keras", data_dir: Path | None = None) -> Result:
        """Like call, and more: on_event(name, data, call) hears of model.fit/evaluate calls (it may answer,
        or raise Feedback to stop the process); keep: the indices of arguments to send back after the call;
        models="file": Keras models come back as views.ModelFile (read without importing Keras);
        data_dir: the IMDB folder the learner process sees instead of KATA_DATA_DIR: its own supervisor and call
        folders, apart from the other calls' files; in the strict sandbox it reads nothing else (no Keras
        download folder, no shared inputs)."""
        self.function(name)
        session = Session.get()
        call_dir, out_dir = session.new_call(private=data_dir is not None)
        modules = set(self.imports())
        inputs: list[str] = []

        def judge_inputs(value, box, enc):
            if isinstance(value, Input):
                modules.update(value.modules)
                return value.node(call_dir)
            if _big(value) and data_dir is None:  # a private call gets its inputs in its own folder
                folder = session.input_folder(value)
                inputs.append(folder)
                return {"$t": "input", "kind": "memo", "folder": folder}
            return None

        try:
            tree = codec.encode({"args": list(args), "kwargs": dict(kwargs or {})}, codec.Box(call_dir, "a"),
                                   hooks=[judge_inputs])
            framing.write_json(call_dir / "args.json", tree)
        except OSError as exc:
            raise KataFault(f"could not write the call's inputs ({exc})") from None
        spec = {"files": [str(p.resolve()) for p in self.files], "root": str(ROOT), "cwd": str(ROOT), "function": name,
                "call_dir": str(call_dir), "out_dir": str(out_dir), "keep_args": [int(i) for i in keep],
                "inputs": inputs, "known": known.known_digests()}
        if os.environ.get("KATA_SANDBOX_EXERCISES"):  # a copy graded in the strict sandbox: its own folder
            spec["cwd"] = str(Path(os.environ["KATA_SANDBOX_EXERCISES"]).parent)
        wall = time_limit(self.step)
        all_limits = {**default_limits(wall), **(limits or {})}
        relay = Relay(live=session.live, filter_noise=not os.environ.get("KATA_VERBOSE"),
                             color=_color(session.live), max_bytes=all_limits["output_bytes"])
        try:
            env = {"KATA_DATA_DIR": str(data_dir), "KATA_SANDBOX_PRIVATE": "1"} if data_dir else None
            sup = session.supervisor_for([m for m in PREIMPORT if m in modules], env=env)
            outcome = calls.run_call(sup, spec, all_limits, _events(on_event, Call(call_dir)), relay)
        except SupervisorError as exc:
            raise KataFault(str(exc)) from None
        return self._verdict(name, outcome, all_limits, keep, models)

    def _verdict(self, name, outcome: calls.Outcome, limits: dict, keep, models="keras") -> Result:
        if outcome.stopped_by is not None:
            raise outcome.stopped_by
        result, ended = outcome.result, outcome.ended or {}
        output = outcome.relay.text() if outcome.relay else ""
        status = (result or {}).get("status")
        if status == "returned":
            return self._decode(outcome, keep, output, models)
        if status is not None:
            raise self._raised(name, result)
        raise self._ended(ended, limits, outcome)

    def _decode(self, outcome, keep, output, models="keras") -> Result:
        box = codec.Box(outcome.out_dir)
        try:
            tree = framing.read_json(outcome.out_dir / "result.json")
            if type(tree) is not dict:
                raise codec.CodecError("not a result")
            hooks = views.hooks(models)
            kept, histories = {}, {}
            sent = tree.get("args") or {}
            same = {}
            for i in range(64):
                key = f"arg{i}"
                if key in sent and i in keep:
                    kept[i] = codec.decode(sent[key], box, hooks)
                    same[key] = kept[i]
                    if f"{key}.history" in sent:
                        histories[i] = codec.decode(sent[f"{key}.history"], box, hooks)
                else:
                    same[key] = SameAsArgument(i)
            value = codec.decode(tree.get("value"), box, hooks, same=same)
        except codec.CodecError as exc:
            raise Feedback("crashed", "generic.unreadable", reason=str(exc)[:200]) from None
        except OSError as exc:
            raise KataFault(f"could not read what the learner process sent ({exc})") from None
        return Result(value, kept, histories, output, outcome.seconds)

    def _raised(self, name, r: dict) -> Feedback:
        status = r.get("status")
        rel = self._rel()
        if status in ("stub", "not_implemented"):
            return Feedback("not_started", "generic.not_started", function=name, file=rel)
        if status == "not_started_module":
            return Feedback("not_started", "generic.not_started_module", file=_s(r.get("file")))
        if status == "missing_function":
            return Feedback("not_started", "generic.missing_function", function=name, file=rel)
        if status == "missing_file":
            return Feedback("broken", "generic.missing_file", file=_s(r.get("file")))
        if status == "syntax":
            return Feedback("broken", "generic.syntax_error", file=_s(r.get("file")), line=r.get("line"),
                            code=_s(r.get("code")), error=_s(r.get("error")))
        if status == "unsendable":
            return Feedback("crashed", "generic.unsendable", error=_s(r.get("text")))
        if status == "harness_error":
            return KataFault(f"the learner process failed on the kata's side ({_s(r.get('text'))})")
        if status == "raised":
            kind = _s(r.get("type"))
            text, where = _s(r.get("text")), r.get("where")
            where = _s(where) if where else None
            if kind == "DataError" and r.get("module") == "kata.shared.imdb":  # the kata's data, not the learner's code
                return KataFault(text.removeprefix("DataError: "))
            if kind == "KeyboardInterrupt":
                return Feedback("crashed", "generic.keyboard_interrupt", function=name, where=where)
            if r.get("phase") == "load_model":
                return Feedback("crashed", "generic.model_reload", error=text)
            if r.get("phase") == "import":
                if kind == "SystemExit":
                    return Feedback("broken", "generic.exit_at_import", file=_s(r.get("file")), code=_s(r.get("code")), where=where)
                return Feedback("broken", "generic.import_error", where=where, file=_s(r.get("file")), error=text)
            if kind == "SystemExit":
                return Feedback("crashed", "generic.sys_exit", function=name, code=_s(r.get("code")), where=where)
            if kind == "KeyboardInterrupt":
                return Feedback("crashed", "generic.keyboard_interrupt", function=name, where=where)
            if kind == "MemoryError":
                return Feedback("crashed", "generic.memory_error", function=name, where=where)
            if r.get("errno") == 27:  # EFBIG: a file over the size limit
                return Feedback("crashed", "generic.file_too_large", where=where, error=text,
                                mb=round(default_limits(1)["file_bytes"] / 2 ** 20))
            return crashed(text, where)
        return KataFault(f"the learner process sent an unknown result ({status!r})")

    def _ended(self, ended: dict, limits: dict, outcome) -> Feedback:
        """The learner process ended without sending a result: why."""
        reason, sig, code = ended.get("reason"), ended.get("signal"), ended.get("exit")
        seconds = f"{round(limits['wall_seconds'], 1):g}"
        if reason == "time":
            return Feedback("timeout", "generic.timeout", seconds=seconds)
        if reason == "memory":
            return Feedback("crashed", "generic.memory_killed", mb=round(limits["memory_mb"]))
        if reason == "processes":
            return Feedback("crashed", "generic.processes", count=limits["processes"])
        if reason == "output":
            return Feedback("crashed", "generic.output", mb=f"{limits['output_bytes'] / 1e6:g}")
        if reason == "supervisor_died":
            return Feedback("crashed", "generic.supervisor_died")
        if reason == "protocol":
            return Feedback("crashed", "generic.unreadable", reason="malformed messages")
        if sig is not None:
            name = calls.kill_signal_name(sig)
            if name == "SIGXCPU":
                return Feedback("timeout", "generic.cpu_time", seconds=limits.get("cpu_seconds"))
            if name == "SIGKILL":
                return Feedback("crashed", "generic.killed")
            return Feedback("crashed", "generic.signal", signal=name)
        if code in (70, 75):
            return KataFault(f"the learner process stopped on the kata's side (exit code {code})")
        return Feedback("crashed", "generic.os_exit", code=code if code is not None else "?")


def default_limits(wall: float) -> dict:
    """The learner process's limits for a call of `wall` seconds (environment variables may raise them)."""
    cpus = os.cpu_count() or 2
    return {
        "wall_seconds": wall,
        "cpu_seconds": int(wall * max(2, cpus) + 30),  # TensorFlow trains on every core: CPU time runs faster
        "memory_mb": float(os.environ.get("KATA_MEMORY_MB") or 4096),
        "file_bytes": int(float(os.environ.get("KATA_FILE_MB") or 512) * 2 ** 20),
        "processes": int(os.environ.get("KATA_PROCESSES") or 64),
        "output_bytes": int(float(os.environ.get("KATA_OUTPUT_MB") or 20) * 1_000_000),
    }


def _s(value, limit=300) -> str:
    return str(value)[:limit] if value is not None else ""


def _big(value) -> bool:
    import numpy as np

    if isinstance(value, np.ndarray):
        return value.nbytes > BIG * 1024 or (value.dtype == object and len(value) > BIG)
    if type(value) in (list, tuple, dict):
        return len(value) > BIG
    return False


def _events(on_event, call: Call):
    """on_event(name, data, call) with the event's data decoded: arrays arrive as ArrayDigest."""
    if on_event is None:
        return None

    def digest(node, box, dec):
        return ArrayDigest(_s(node.get("digest"), 64), tuple(int(n) for n in node.get("shape") or []),
                           _s(node.get("dtype"), 20), _s(node.get("type"), 100))

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


def _color(stream) -> bool:
    """Colours and progress bars in the learner's live output: only when it ends on a terminal (the runner says so)."""
    return stream is not None and os.environ.get("KATA_LIVE_TTY") == "1" and not os.environ.get("NO_COLOR")
