"""How an exception of the learner's code is reported to the judge: its type, its own words in one line
(TensorFlow's and Keras's frames, node names and echoed inputs dropped), the line of the learner's file it
came from, and its exit code or errno where it has one. The judge words it (kata.judge.verdicts)."""

from __future__ import annotations

import re
import traceback
from pathlib import Path

from kata.shared import codec


def short_path(path, root) -> str:
    try:
        return str(Path(path).resolve().relative_to(Path(root).resolve()))
    except ValueError:
        return str(path)


def learner_frame(exc: BaseException, files: set[str], root) -> dict | None:
    """The deepest frame in the learner's files (file, line, function, code): the judge words it."""
    hit = None
    for frame in traceback.extract_tb(exc.__traceback__):
        if frame.filename in files:
            hit = frame
    if hit is None:
        return None
    return {"file": short_path(hit.filename, root), "line": hit.lineno, "function": hit.name,
            "code": (hit.line or "").strip()[:160]}


_ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


_FRAME = re.compile(r'^\s*File "[^"]*", line \d+')
_NOISE = re.compile(r"\[\[\{\{node [^}]*\}\}\]\]|\[Op:[^\]]*\]|\{\{function_node [^}]*\}\}")
_AFTER = ("Arguments received by", "Call arguments received by")  # Keras's echo of the inputs: the end
_BEFORE = ("Detected at node", "Graph execution error", "Exception encountered when calling")


def summary(exc: BaseException, limit: int = 300) -> str:
    """`Type: message` in one line, the message's own words only: TensorFlow's and Keras's stack of frames
    (the kata's included), node names and the echo of the inputs dropped, cut at a word, never mid-line."""
    lines = []
    for line in _ANSI.sub("", str(exc)).splitlines():
        if line.strip().startswith(_AFTER):
            break
        if _FRAME.match(line) or line.strip().startswith(_BEFORE):
            continue
        line = _NOISE.sub("", line).strip()
        if line:
            lines.append(line)
    text = f"{type(exc).__name__}: {' '.join(lines)}".strip().rstrip(":")
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0]
    return cut + "…"


def raised(exc: BaseException, files, root, phase: str) -> dict:
    text = summary(exc, 8192 if type(exc).__module__ == "kata.shared.imdb" else 300)  # the kata's DataError: never cut
    return {"status": "raised", "phase": phase, "type": type(exc).__name__, "module": type(exc).__module__, "text": text,
            "where": learner_frame(exc, files, root), "errno": getattr(exc, "errno", None) if isinstance(exc,
                                                                                                         OSError) else None,
            "code": _exit_code(exc) if isinstance(exc, SystemExit) else None}


def _exit_code(exc: SystemExit):
    code = exc.code
    return code if code is None or isinstance(code, int) else codec.short_repr(code, 80)
