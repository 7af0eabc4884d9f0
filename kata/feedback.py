"""What a learner is told when a check does not pass: a few lines, never a traceback.

A check raises `Feedback` (through `kata.checking.fail`/`expect`, or `Learner.call` for code that is
missing, unfinished or crashing). The pytest plugin turns it into the report the runner prints.

Kinds, from "not yet" to "stuck":
  not_started  the stub still raises NotImplementedError, or a function is missing
  wrong        the code ran and gave a wrong answer
  crashed      the code raised an exception
  broken       the file cannot even be imported (syntax error, bad import)
  timeout      a check ran longer than the step's time limit
"""

from __future__ import annotations

import reprlib
import traceback
from pathlib import Path

from kata.i18n import has, t

KINDS = ("not_started", "wrong", "crashed", "broken", "timeout")


class Feedback(Exception):
    """A check's verdict on the learner's code, with everything needed to explain it."""

    def __init__(self, kind: str, key: str, *, got=None, expected=None, where: str | None = None, **values):
        super().__init__(key)
        assert kind in KINDS, kind
        self.kind, self.key, self.where, self.values = kind, key, where, values
        self.got, self.expected = got, expected

    def render(self) -> str:
        """The few lines shown to the learner, in their language."""
        v = self.values
        lines = []
        if has(f"{self.key}.text"):
            lines.append(t(f"{self.key}.text", **v))
        if has(f"{self.key}.checked"):
            lines.append(f"{t('ui.checked')}: {t(f'{self.key}.checked', **v)}")
        if self.got is not None:
            lines.append(f"{t('ui.got')}: {self.got}")
        if self.expected is not None:
            lines.append(f"{t('ui.expected')}: {self.expected}")
        if self.where:
            lines.append(f"{t('ui.where')}: {self.where}")
        if has(f"{self.key}.cause"):
            lines.append(f"{t('ui.cause')}: {t(f'{self.key}.cause', **v)}")
        return "\n".join(lines)

    def as_dict(self) -> dict:
        return {"kind": self.kind, "key": self.key, "message": self.render()}


_repr = reprlib.Repr()
_repr.maxlist = _repr.maxtuple = _repr.maxarray = 8
_repr.maxstring = _repr.maxother = 90
_repr.maxdict = 6


def show(value) -> str:
    """A short, readable picture of any value: type, shape and the first items."""
    try:
        import numpy as np

        if isinstance(value, np.ndarray):
            if value.dtype == object:
                return f"object array of {len(value)} items, first {_repr.repr(value[0]) if len(value) else '-'}"
            return f"array shape {value.shape} dtype {value.dtype}: {_repr.repr(value.ravel()[:8].tolist())}"
    except ImportError:  # pragma: no cover
        pass
    return _repr.repr(value)


def learner_frame(exc: BaseException, files: set[str]) -> str | None:
    """`exercises/04_pad.py, line 12, in pad_reviews: <code>` for the deepest frame in the learner's files."""
    hit = None
    for frame in traceback.extract_tb(exc.__traceback__):
        if frame.filename in files:
            hit = frame
    if hit is None:
        return None
    return f"{short_path(hit.filename)}, line {hit.lineno}, in {hit.name}: {(hit.line or '').strip()}"


def short_path(path: str) -> str:
    from kata.manifest import ROOT

    try:
        return str(Path(path).resolve().relative_to(ROOT))
    except ValueError:
        return str(path)


# Exceptions whose cause we know: the 2018 post's TF1 spellings, mostly. (exception text, message key)
KNOWN_CAUSES = (
    ("AdamOptimizer", "known.adam_tf1"),
    ("'acc'", "known.acc_key"),
    ("'val_acc'", "known.acc_key"),
    ("tf.nn.", "known.tf_nn"),
    ("preprocessing", "known.preprocessing"),
)


def crashed(exc: BaseException, files: set[str]) -> Feedback:
    text = f"{type(exc).__name__}: {exc}".strip()
    text = text if len(text) < 300 else text[:297] + "..."
    key = "generic.crashed"
    for needle, known in KNOWN_CAUSES:
        if needle in text:
            key = known
            break
    return Feedback("crashed", key, where=learner_frame(exc, files), error=text)
