"""Diagnosis by the post's knobs: a wrong result named by the setting whose change reproduces it.

A step states its reference pipeline as a function of named settings, each with the post's value and the
values a learner may plausibly write instead (`Knob`). When the learner's result differs from the reference,
`Space.explain` looks for the single knob, then the pair, whose change reproduces that result exactly, and
`Space.check` says so: "your result is the post's with padding='pre'". Where the result is a model or a call
(layers, compile, fit), `compare` reads its settings knob by knob instead of rebuilding anything.

A knob also says where it sits in the post's code (`call`, `arg`): the self-tests change the reference
solution at that place, once per value, and each change must be caught and named by its knob
(selftest/test_knobs.py): the list of mistakes is generated from the knobs, not written by hand.

Messages: `knob.changed` (common.toml) says what differs; `<step>.knob.<name>` (the step's file) says why it
matters, when the step has words for it; else `knob.cause`.
"""

from __future__ import annotations

import itertools
import math
import re
import string
from dataclasses import dataclass, field
from typing import Any, Callable

from kata.i18n import has, t


class Code(str):
    """A value written as code, not as a literal: names of the learner's variables (`(x_val, y_val)`), a call
    (`[keras.callbacks.EarlyStopping(patience=3)]`), a piece of code (`train_data[0]`). Its repr is its text,
    so a knob says it and the self-tests write it as it reads."""

    def __repr__(self) -> str:
        return str(self)


@dataclass(frozen=True)
class Knob:
    """One setting of the post's pipeline: its name, the post's value, the values a learner may set instead.

    call, arg: where the setting is written in the post's code, a keyword (`arg="padding"`) or a position
    (`arg=1`) of a call to `call` (a name: `pad_sequences`, `Dense`); `also` are further calls that may carry
    it (`dict(padding=...)`). A setting that is not an argument is found by `at` instead: the post's code
    around it, `{}` where the value is written (`"rank + {}"`, `"train_data[:{}]"`, or several such pieces).
    `shown` writes a setting as the learner would type it, `{}` for the value (`"train_labels == {}"`;
    default: `name=value`); a tuple value fills one `{}` per item. With `arg=None` and a `call` the setting is
    the callee itself: its values are names of callables (`GlobalMaxPooling1D` for the post's
    `GlobalAveragePooling1D`), None leaving the call out. With no `arg` and a `call` that is not the post's
    value, `call` names a module-level constant of the post's code (`NUM_WORDS`), or, for the value None (False
    where the post's is True), a step left out (`lower`: no `text.lower()`; `START`: no `[START]`). `shown` may
    also be a function of the value (`float('inf')` -> "None"). A `Code` value is written as the code it is."""

    name: str
    post: Any
    others: tuple = ()
    call: str = ""
    arg: str | int | None = None
    also: tuple = ()
    label: str = ""  # how the setting is written when it is not `name=` (e.g. "the validation slice")
    at: str | tuple = ""
    shown: str | Callable[[Any], str] = ""  # a template with `{}`, or a function of the value

    @property
    def written(self) -> str:
        """How the setting is written in the post's code: its keyword, else its name."""
        return self.label or (self.arg if isinstance(self.arg, str) else self.name)

    @property
    def places(self) -> tuple:
        """The pieces of the post's code that hold the setting (`at`), each with `{}` for the value."""
        return (self.at,) if isinstance(self.at, str) and self.at else tuple(self.at or ())

    @property
    def callee(self) -> bool:
        """The setting is which callable is called (a layer's class), not one of its arguments."""
        return self.arg is None and bool(self.call) and not self.places and self.post == self.call

    def say(self, value) -> str:
        if self.callee:
            return f"{value}()" if value is not None else t("knob.without", call=f"{self.post}()")
        if callable(self.shown):
            return f"{self.written}={self.shown(value)}"
        return fill(self.shown, value) if self.shown else f"{self.written}={code(value)}"


def code(value) -> str:
    """A value as Python code: `int32` for a type, `-10000:` for a slice, a Code as it is, else its repr."""
    if isinstance(value, Code):
        return str(value)
    if isinstance(value, type):
        return value.__name__
    if isinstance(value, float) and not math.isfinite(value):  # repr gives `inf`, not Python source
        return f"float({str(value)!r})"
    if isinstance(value, slice):
        parts = ["" if p is None else code(p) for p in (value.start, value.stop)]
        return ":".join(parts) + (f":{code(value.step)}" if value.step is not None else "")
    return repr(value)


def fill(template: str, value) -> str:
    """The template with the value's code at its `{}` (a tuple value: one item per `{}`, when it has as many)."""
    fields = [f for _, f, _, _ in string.Formatter().parse(template) if f is not None]
    if isinstance(value, tuple) and len(fields) == len(value) > 1:
        return template.format(*(code(v) for v in value))
    return template.format(*([code(value)] * len(fields)))


@dataclass(frozen=True)
class Change:
    """The knobs set otherwise than in the post, with their values."""

    knobs: tuple  # ((Knob, value), ...)

    def said(self) -> str:
        return (" " + t("knob.and") + " ").join(k.say(v) for k, v in self.knobs)

    def post(self) -> str:
        return (" " + t("knob.and") + " ").join(k.say(k.post) for k, _ in self.knobs)

    @property
    def names(self) -> tuple:
        return tuple(k.name for k, _ in self.knobs)


@dataclass
class Space:
    """The knobs of one result of a step, and how the post's pipeline builds that result from their values.

    build(**settings): the result (or the part of it that `same` compares) for those settings;
    same(got, built): whether the learner's result is that one. `depth` 2 tries pairs after single knobs;
    `budget` bounds how many pipelines are built for one diagnosis."""

    knobs: list
    build: Callable[..., Any]
    same: Callable[[Any, Any], bool]
    what: str = ""  # message key of what is compared ("the padded training reviews")
    depth: int = 2
    budget: int = 120
    unique: bool = False  # name a change only when no other change of as many knobs gives the result too
    _built: dict = field(default_factory=dict, repr=False)

    def post(self) -> dict:
        return {k.name: k.post for k in self.knobs}

    def _result(self, settings: dict):
        key = tuple(sorted((k, repr(v)) for k, v in settings.items()))
        if key not in self._built:
            self._built[key] = self.build(**settings)
        return self._built[key]

    def changes(self):
        """Every change of one knob, then of two, in the order a learner is likeliest to make them."""
        for size in range(1, self.depth + 1):
            for group in itertools.combinations(self.knobs, size):
                for values in itertools.product(*(k.others for k in group)):
                    yield Change(tuple(zip(group, values)))

    def explain(self, got) -> Change | None:
        """The smallest change of the post's knobs that gives exactly `got`, or None (with `unique`, None also
        when two changes of that size give it: the sample cannot tell which one the learner made)."""
        found = None
        for n, change in enumerate(self.changes()):
            if n >= self.budget or (found is not None and len(change.knobs) > len(found.knobs)):
                break
            settings = {**self.post(), **{k.name: v for k, v in change.knobs}}
            try:
                if not self.same(got, self._result(settings)):
                    continue
            except Exception:  # noqa: BLE001 - a combination the pipeline refuses is simply not the answer
                continue
            if not self.unique:
                return change
            if found is not None:
                return None
            found = change
        else:
            return found
        return found if found is not None and n < self.budget else None

    def check(self, got, step: str, **values) -> None:
        """Raise the message naming the knobs when `got` is the post's result with some knobs changed."""
        change = self.explain(got)
        if change is not None:
            raise knob_feedback(change, step, what=t(self.what, **values) if self.what else "", **values)


SENTENCE_END = re.compile(r"(?<=[.!?])\s+")  # knobs changed together often share a sentence: say it once


def knob_feedback(change: Change, step: str, what: str = "", template: str = "knob.changed", **values):
    """The Feedback that names `change`: what differs, the post's setting, and why it matters. template: the
    message that words it (knob.changed: a result; a step may word a call read before it runs its own way)."""
    from kata.judge.feedback import Feedback

    first = change.knobs[0][0].name
    key = f"{step}.knob.{first}"  # the verdict's name: pad.knob.padding; its words: knob.changed
    fill = {"changes": change.said(), "post": change.post(), **values}
    causes: list[str] = []  # why each knob changed matters, in the order named; a sentence said once
    for knob, _ in change.knobs:
        own = f"{step}.knob.{knob.name}"
        text = t(own, **fill) if has(own) else t("knob.cause", **{**fill, "post": knob.say(knob.post)})
        causes += [s for s in SENTENCE_END.split(text.strip()) if s and s not in causes]
    cause = " ".join(causes)
    return Feedback("wrong", key, template=template, what=what or t("knob.result"), cause=cause, **fill)


def compare(knobs: list, got: dict) -> Change | None:
    """The knobs whose values in `got` (settings read from the learner's model or call) differ from the
    post's, or None. A knob missing from `got` is the post's (a default the learner left alone)."""
    differ = tuple((k, got[k.name]) for k in knobs if k.name in got and not _equal(got[k.name], k.post))
    return Change(differ) if differ else None


def _equal(a, b) -> bool:
    if isinstance(a, float) or isinstance(b, float):
        try:
            return abs(float(a) - float(b)) <= 1e-9 * max(1.0, abs(float(b)))
        except (TypeError, ValueError):
            return False
    return a == b
