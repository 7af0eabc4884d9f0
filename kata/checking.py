"""What the checks in `tests/` use: call the learner's code and say precisely what is wrong.

    def test_shape(learner, ref):
        train, test = learner.call("pad_reviews", *ref.ragged_x)
        expect(train.shape == (25000, 256), "maxlen", got=train.shape, expected=(25000, 256))

`expect`/`fail` take a message key of the current step (`maxlen` in tests/test_04_pad.py means
`pad.maxlen` in kata/messages/<lang>/04_pad.toml), so messages stay beside their step.
"""

from __future__ import annotations

import ast
import hashlib
import importlib.util
import inspect
import math
import os
import sys
import textwrap
from pathlib import Path

from kata.feedback import Feedback, crashed, show
from kata.manifest import ROOT, Step

__all__ = ["Learner", "expect", "fail", "show", "is_number"]


def _qualify(key: str) -> str:
    """Prefix a short key with the calling check file's step name."""
    if "." in key:
        return key
    from kata.manifest import step_of_file

    for frame in inspect.stack()[2:6]:
        name = Path(frame.filename).stem
        if name.startswith("test_") and name[5:7].isdigit():
            step = step_of_file(frame.filename)  # test_04_pad.py and hidden test_04_pad_extra.py: pad
            return f"{step.name if step else name.split('_', 2)[2]}.{key}"
    return key


def fail(key: str, *, got=None, expected=None, **values):
    """Stop the check: the learner's answer is wrong in the way `key` describes."""
    raise Feedback("wrong", _qualify(key), got=_fmt(got), expected=_fmt(expected), **values)


def expect(ok, key: str, *, got=None, expected=None, **values):
    """`fail(key, ...)` unless ok."""
    if not ok:
        raise Feedback("wrong", _qualify(key), got=_fmt(got), expected=_fmt(expected), **values)


def _fmt(value):
    if value is None or isinstance(value, str):
        return value
    return show(value)


def is_number(value) -> bool:
    """A real, finite number (Python or NumPy), not a bool."""
    try:
        return not isinstance(value, bool) and math.isfinite(float(value))
    except (TypeError, ValueError):
        return False


def target_folder(target: str) -> Path:
    """`exercises` (the learner's code, default), `solutions`, or any folder with the same file names."""
    if target in ("exercises", "solutions"):
        return ROOT / target
    return Path(target).resolve()


def _is_stub(fn) -> bool:
    """True when fn's body is only a docstring and `raise NotImplementedError` (comments do not count)."""
    try:
        tree = ast.parse(textwrap.dedent(inspect.getsource(fn)))
    except (OSError, TypeError, SyntaxError):
        return False
    return bool(tree.body) and _is_stub_def(tree.body[0])


def _is_stub_def(node) -> bool:
    if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
        return False
    body = node.body
    if body and isinstance(body[0], ast.Expr) and isinstance(getattr(body[0], "value", None), ast.Constant):
        body = body[1:]
    if len(body) != 1 or not isinstance(body[0], ast.Raise) or body[0].exc is None:
        return False
    exc = body[0].exc.func if isinstance(body[0].exc, ast.Call) else body[0].exc
    return getattr(exc, "id", None) == "NotImplementedError"


class Learner:
    """The learner's module for one step, loaded safely and called safely.

    overrides: further files whose functions replace the module's (the project's own tests use this
    to feed known-wrong answers to a check).
    """

    _loaded: dict = {}

    def __init__(self, step: Step, folder: Path, overrides: list[Path] = ()):
        self.step = step
        self.path = folder / f"{step.slug}.py"
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

    def module(self):
        cache_key = tuple((str(p), p.stat().st_mtime_ns if p.exists() else 0) for p in self.files)
        if cache_key not in Learner._loaded:
            namespace = {}
            for path in self.files:
                namespace.update(vars(self._import(path)))
            Learner._loaded[cache_key] = namespace
        return Learner._loaded[cache_key]

    def _import(self, path: Path):
        rel = os.path.relpath(path, ROOT) if path.is_relative_to(ROOT) else str(path)
        if not path.exists():
            raise Feedback("broken", "generic.missing_file", file=rel)
        name = f"kata_learner_{abs(hash(str(path)))}"
        spec = importlib.util.spec_from_file_location(name, path)
        module = importlib.util.module_from_spec(spec)
        try:
            spec.loader.exec_module(module)
        except SyntaxError as exc:
            line = (exc.text or "").strip()
            raise Feedback("broken", "generic.syntax_error", file=rel, line=exc.lineno, code=line, error=exc.msg) from None
        except NotImplementedError:
            raise Feedback("not_started", "generic.not_started_module", file=rel) from None
        except Exception as exc:
            fb = crashed(exc, {str(path)})
            raise Feedback("broken", "generic.import_error", where=fb.where, file=rel, error=fb.values["error"]) from None
        sys.modules.pop(name, None)
        return module

    def untouched(self, name: str) -> bool:
        """True when the file is the original stub, byte for byte (kata/stubs.sha256), and name is a stub in it.

        Such a file is not even imported: its imports (TensorFlow) cost seconds, and it can only say
        "not started"."""
        if self.overrides or not self.path.exists() or self.step.stub_digest is None:
            return False
        data = self.path.read_bytes()
        if hashlib.sha256(data).hexdigest() != self.step.stub_digest:
            return False
        defs = [n for n in ast.parse(data).body if getattr(n, "name", None) == name]
        return len(defs) == 1 and _is_stub_def(defs[0])

    def function(self, name: str):
        """The learner's function; an untouched stub is "not started" at once, before any costly set-up."""
        if self.untouched(name):
            raise Feedback("not_started", "generic.not_started", function=name, file=self._rel())
        fn = self.module().get(name)
        if not callable(fn):
            raise Feedback("not_started", "generic.missing_function", function=name, file=self._rel())
        if _is_stub(fn):
            raise Feedback("not_started", "generic.not_started", function=name, file=self._rel())
        return fn

    def call(self, name: str, *args, **kwargs):
        """Call the learner's function; turn NotImplementedError and crashes into Feedback."""
        fn = self.function(name)
        try:
            return fn(*args, **kwargs)
        except Feedback:
            raise
        except NotImplementedError:
            raise Feedback("not_started", "generic.not_started", function=name, file=self._rel()) from None
        except Exception as exc:
            raise crashed(exc, {str(p) for p in self.files}) from None

    def _rel(self) -> str:
        return os.path.relpath(self.path, ROOT) if self.path.is_relative_to(ROOT) else str(self.path)
