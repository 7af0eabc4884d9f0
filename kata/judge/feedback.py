"""What a learner is told when a check does not pass: a few lines, never a traceback.

A check raises `Feedback` (through `kata.judge.checking.fail`/`expect`, or `Learner.call` for code that
is missing, unfinished, crashing or stopped). The pytest plugin turns it into the report the runner prints.

Kinds, from "not yet" to "stuck", and one that is never the learner's:
  not_started  the stub still raises NotImplementedError, or a function is missing
  wrong        the code ran and gave a wrong answer
  crashed      the code raised an exception, ended its process, or was stopped for using too much
  broken       the file cannot even be imported (syntax error, bad import)
  timeout      a call ran longer than the step's time limit (or used too much CPU time)
  unchecked    the kata could not check the step (its data, its cache, its own process): not a mistake
"""

from __future__ import annotations

import reprlib
from typing import Any

from kata.i18n import has, t

KINDS = ("not_started", "wrong", "crashed", "broken", "timeout", "unchecked")


class Feedback(Exception):
    """A check's verdict on the learner's code, with everything needed to explain it."""

    def __init__(self, kind: str, key: str, *, got=None, expected=None, where: str | None = None,
                 template: str | None = None, **values):
        super().__init__(key)
        assert kind in KINDS, kind
        self.kind, self.key, self.where, self.values = kind, key, where, values
        self.got, self.expected = got, expected
        self.template = template or key  # where its words are: a knob's verdict (pad.knob.padding) uses knob.changed

    def render(self) -> str:
        """The few lines shown to the learner, in their language."""
        v, key = self.values, self.template
        lines = []
        if has(f"{key}.text"):
            lines.append(t(f"{key}.text", **v))
        if has(f"{key}.checked"):
            lines.append(f"{t('ui.checked')}: {t(f'{key}.checked', **v)}")
        if self.got is not None and str(self.got).strip():  # a blank line says nothing: left out
            lines.append(f"{t('ui.got')}: {self.got}")
        if self.expected is not None and str(self.expected).strip():
            lines.append(f"{t('ui.expected')}: {self.expected}")
        if self.where:
            lines.append(f"{t('ui.where')}: {self.where}")
        if has(f"{key}.cause"):
            lines.append(f"{t('ui.cause')}: {t(f'{key}.cause', **v)}")
        return "\n".join(lines)

    def as_dict(self) -> dict:
        return {"kind": self.kind, "key": self.key, "message": self.render()}


class KataFault(Feedback):
    """The kata's own side failed (data missing or corrupt, a damaged cache, a full disk, its own process):
    the step could not be checked. Never the learner's mistake, never a low score."""

    def __init__(self, reason: str, todo_key: str = "generic.unchecked"):
        super().__init__("unchecked", todo_key, reason=str(reason).rstrip(". "))  # the message ends it


_repr = reprlib.Repr()
_repr.maxlist = _repr.maxtuple = _repr.maxarray = 8
_repr.maxstring = _repr.maxother = 90
_repr.maxdict = 6


def show(value) -> str:
    """A short, readable picture of any value: type, shape and the first items."""
    import numpy as np

    if isinstance(value, np.ndarray):
        learner_type = getattr(value, "learner_type", None)
        head = f"{learner_type} " if learner_type else "array "
        if value.dtype == object:
            return f"object array of {len(value)} items, first {_repr.repr(value[0]) if len(value) else '-'}"
        return f"{head}shape {value.shape} dtype {value.dtype}: {_repr.repr(value.ravel()[:8].tolist())}"
    return _repr.repr(value)


# Exceptions whose cause we know, whatever the step: the 2018 post's TF1 spellings, the offline data, an id past
# the Embedding's rows, a History read the wrong way. (pattern in the exception's text, message key); a pattern's
# named groups are the message's values.
KNOWN_CAUSES = (
    (r"tensorflow\.contrib", "known.contrib"),
    (r"name 'word_index' is not defined", "known.word_index"),
    (r"AdamOptimizer", "known.adam_tf1"),
    (r"'(val_)?acc'", "known.acc_key"),
    (r"tf\.nn\.", "known.tf_nn"),
    (r"preprocessing", "known.preprocessing"),
    (r"indices\[[\d,]*\] = (?P<id>-?\d+) is not in \[0, (?P<rows>\d+)\)", "known.embedding_index"),
    (r"'dict' object has no attribute 'history'", "known.history_is_dict"),
    (r"'History' object is not subscriptable", "known.history_object"),
    (r"(unexpected keyword argument|not recognized: \{|keyword arguments passed to \w+: \{) ?'(?P<old>nb_epoch|lr|init)'",
     "known.renamed"),
    (r"sequence item (?P<item>\d+): expected str instance, NoneType found", "known.join_none"),
    (r"Expected `metrics` argument to be a list, tuple, or dict", "known.metrics_list"),
    (r"Invalid filepath extension for saving", "known.save_extension"),
    (r"Expected shape \(None, [^)]*\), but input has incompatible shape \((?P<length>\d+),\)", "known.no_batch"),
    (r"URL fetch failure|storage\.googleapis\.com|Name or service not known|name resolution|"
     r"getaddrinfo failed|Network is unreachable", "known.offline"),
)


RENAMED = {"nb_epoch": "epochs", "lr": "learning_rate", "init": "kernel_initializer"}  # Keras 1's names, today's


def crashed(text: str, where: str | None) -> Feedback:
    """The learner's code raised an exception: `text` is `Type: message`, `where` its line in their file."""
    import re

    for pattern, known in KNOWN_CAUSES:
        hit = re.search(pattern, text)
        if hit:
            values: dict[str, Any] = {k: int(v) if v.lstrip("-").isdigit() else v
                                      for k, v in hit.groupdict().items() if v is not None}
            if "rows" in values:
                values["last"] = values["rows"] - 1
            if "old" in values:
                values["new"] = RENAMED[values["old"]]
            return Feedback("crashed", known, where=where, error=text, **values)
    return Feedback("crashed", "generic.crashed", where=where, error=text)
