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

import math
import sys
from pathlib import Path

from kata.judge.code import Learner
from kata.judge.feedback import Feedback, show
from kata.judge.inputs import HistoryInput, ModelInput, OutDir, PostModel, SameAsArgument
from kata.judge.verdicts import default_limits
from kata.manifest import target_folder

__all__ = ["Learner", "expect", "fail", "show", "is_number", "PostModel", "HistoryInput", "OutDir", "ModelInput",
           "SameAsArgument", "default_limits", "target_folder"]


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
        frame = frame.f_back  # type: ignore[assignment]
    return key


_NOT_GIVEN = object()  # got=None means "your code gave None", shown as such; not giving got (expected) shows no line


def fail(key: str, *, got=_NOT_GIVEN, expected=_NOT_GIVEN, **values):
    """Stop the check: the learner's answer is wrong in the way `key` describes."""
    raise Feedback("wrong", _qualify(key), got=_fmt(got), expected=_fmt(expected), **values)


def expect(ok, key: str, *, got=_NOT_GIVEN, expected=_NOT_GIVEN, **values):
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

