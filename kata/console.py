"""The terminal, in one place: whether it gets colour (a terminal that has it, as rich detects it; never with
NO_COLOR or TERM=dumb), how wide it is, which marks it can show, and the lines the kata prints on it.

Every command prints through `say`; the live output of learner processes gets colour by `colour_on` of the
same rule. A terminal whose encoding cannot show ✔ or … gets ASCII marks, and anything else it cannot show is
replaced, never an error.
"""

from __future__ import annotations

import os
import sys
import textwrap

from kata.shared.vocabulary import ASCII_MARKS, MARKS

COLOURS = {"done": "32", "wrong": "31", "not_started": "33", "note": "2"}  # green, red, yellow, dim


def _console(stream=None):
    from rich.console import Console

    return Console(file=stream or sys.stdout, highlight=False, markup=False, emoji=False, soft_wrap=True)


def colour_on(stream=None) -> bool:
    """Colour only on a terminal that has it: never with NO_COLOR (https://no-color.org) or TERM=dumb."""
    stream = stream or sys.stdout
    try:
        tty = stream.isatty()
    except (AttributeError, ValueError):
        tty = False
    if not tty or os.environ.get("NO_COLOR") or os.environ.get("TERM", "") == "dumb":
        return False
    return _console(stream).color_system is not None


def can_show(text: str, stream=None) -> bool:
    """Whether the stream's encoding can show text (a Latin-1 or ASCII terminal cannot show ✔)."""
    encoding = getattr(stream or sys.stdout, "encoding", None) or "utf-8"
    try:
        text.encode(encoding)
        return True
    except (UnicodeEncodeError, LookupError):
        return False


def marks(stream=None) -> dict:
    """The mark of every step state, as this terminal can show them."""
    return MARKS if can_show("".join(MARKS.values()), stream) else ASCII_MARKS


def tolerant(stream) -> None:
    """Characters the stream cannot encode are replaced, never an error (a Latin-1 terminal, a pipe)."""
    try:
        stream.reconfigure(errors="replace")
    except (AttributeError, ValueError):
        pass


def width() -> int:
    """The terminal's width (60 to 120 columns; 100 when it is not a terminal)."""
    import shutil

    return max(60, min(shutil.get_terminal_size((100, 24)).columns, 120))


def wrap(line: str, columns: int | None = None) -> list[str]:
    """A line cut at word boundaries to the terminal's width, the continuation indented under its text."""
    columns = columns or width()
    if len(line) <= columns:
        return [line]
    indent = len(line) - len(line.lstrip(" "))
    return textwrap.wrap(line, width=columns, subsequent_indent=" " * (indent + 2), break_long_words=False,
                         break_on_hyphens=False) or [line]


def paint(text: str, kind: str, on: bool | None = None) -> str:
    """text in the colour of kind (done, wrong, not_started, note) where colour is on."""
    code = COLOURS.get(kind)
    if not code or not (colour_on() if on is None else on):
        return text
    return f"\x1b[{code}m{text}\x1b[0m"


def say(*lines: str, kind: str | None = None) -> None:
    """Print lines wrapped to the terminal; the first one painted as `kind` (done, wrong, ...)."""
    first = True
    for line in lines:
        for i, part in enumerate(wrap(line)):
            print(paint(part, kind) if kind and first and i == 0 else part)
        first = False
