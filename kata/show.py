"""What a passed step shows: the learner's own numbers beside the post's, and the report card.

The judge sends what the learner's code produced ({"event": "seen"}: plain values it worked out itself);
this module turns them into a few lines, with the messages `<step>.seen.text` and `<step>.seen.card`.
A line whose values are missing is left out; nothing here can change a verdict.
"""

from __future__ import annotations

import re
import string

from kata.i18n import catalog, lang as current_lang

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069]")
SPARKS = "▁▂▃▄▅▆▇█"


def clean(text: str, limit: int = 300) -> str:
    """A value the learner's code produced, safe for a terminal: no control or direction characters, one line."""
    text = _CONTROL.sub(" ", str(text).replace("\n", " "))
    return text if len(text) <= limit else text[: limit - 1] + "…"


def number(value, language: str) -> str:
    """25,000 / 25.000 for counts; 0.8861 for measures (as Keras prints them)."""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int):
        text = f"{value:,}"
        return text.replace(",", ".") if language == "pt_BR" else text
    if isinstance(value, float):
        return f"{value:.4f}"
    return clean(value)


def sparkline(values) -> str:
    """One character per value, low to high (▁ … █). The scale runs from the lowest value to the median:
    the first epochs' high values are all █, and the small rise after the lowest point stays visible."""
    values = [float(v) for v in values]
    if not values:
        return ""
    low, high = min(values), sorted(values)[len(values) // 2]
    span = (high - low) or 1.0
    return "".join(SPARKS[max(0, min(len(SPARKS) - 1, int((v - low) / span * len(SPARKS))))] for v in values)


def marked(at: int) -> str:
    """A line to put under a sparkline: ^ under position `at` (0-based)."""
    return " " * at + "^"


def _derived(step_name: str, values: dict) -> dict:
    """Values worked out from the plain ones (the training's best epoch, its sparklines)."""
    out = dict(values)
    history = values.get("history")
    if step_name == "train" and isinstance(history, dict):
        val_loss, loss = history.get("val_loss") or [], history.get("loss") or []
        val_acc = history.get("val_accuracy") or []
        if val_loss and loss and len(val_loss) == len(loss):
            low = min(range(len(val_loss)), key=val_loss.__getitem__)
            out.update(epochs=len(val_loss), min_epoch=low + 1, min_val_loss=float(val_loss[low]),
                       last_val_loss=float(val_loss[-1]), spark_loss=sparkline(loss), spark_val_loss=sparkline(val_loss),
                       mark=marked(low))
            if low + 3 < len(val_loss) and val_loss[-1] > val_loss[low]:  # it rose again: the post's lesson
                out["overfit_from"] = low + 2
        if val_acc:
            best = max(range(len(val_acc)), key=val_acc.__getitem__)
            out.update(final_val_accuracy=float(val_acc[-1]), best_val_accuracy=float(val_acc[best]), best_epoch=best + 1)
        out.pop("history", None)
    return out


def _fill(template: str, values: dict, language: str) -> str | None:
    names = {name.split(".")[0].split("[")[0] for _, name, _, _ in string.Formatter().parse(template) if name}
    if not names <= set(values):
        return None
    return template.format_map({k: v if k in ("mark",) or k.startswith("spark") else number(v, language)
                                for k, v in values.items()})


def _lines(step, values: dict, part: str, language: str) -> list[str]:
    key = f"{step.name}.seen.{part}"
    template = catalog(language).get(key) or catalog("en").get(key)
    if not template or not values:
        return []
    values = _derived(step.name, values)
    out = []
    for line in template.strip().splitlines():  # each line on its own: one with missing values is left out
        filled = _fill(line, values, language)
        if filled is not None:
            out.append(filled.rstrip())
    return out


def seen_lines(result, language: str | None = None) -> list[str]:
    """What a passed step shows (1-4 lines), or [] when it has nothing to show."""
    return _lines(result.step, result.seen, "text", language or current_lang())


def card_lines(report, language: str | None = None) -> list[str]:
    """The report card: one line per step with the learner's numbers beside the post's."""
    language = language or current_lang()
    out = []
    for r in report:
        lines = _lines(r.step, r.seen, "card", language)
        if lines:
            out.append(f"  {r.step.number:>2} · {lines[0]}")
    return out


# --- the terminal ---------------------------------------------------------------------------------------

COLOURS = {"done": "32", "wrong": "31", "not_started": "33", "note": "2"}  # green, red, yellow, dim


def width() -> int:
    """The terminal's width (60 to 120 columns; 100 when it is not a terminal)."""
    import shutil

    return max(60, min(shutil.get_terminal_size((100, 24)).columns, 120))


def wrap(line: str, columns: int | None = None) -> list[str]:
    """A line cut at word boundaries to the terminal's width, the continuation indented under its text."""
    import textwrap

    columns = columns or width()
    if len(line) <= columns:
        return [line]
    indent = len(line) - len(line.lstrip(" "))
    return textwrap.wrap(line, width=columns, subsequent_indent=" " * (indent + 2), break_long_words=False,
                         break_on_hyphens=False) or [line]


def colour_on(stream=None) -> bool:
    """Colour only on a terminal that has it, and never with NO_COLOR (https://no-color.org)."""
    import os
    import sys

    stream = stream or sys.stdout
    try:
        tty = stream.isatty()
    except (AttributeError, ValueError):
        tty = False
    return tty and not os.environ.get("NO_COLOR") and os.environ.get("TERM", "") != "dumb"


def paint(text: str, kind: str, on: bool | None = None) -> str:
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
