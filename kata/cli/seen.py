"""What a passed step shows (make check, the notebooks): the learner's own numbers beside the post's, and the report card.

The judge sends what the learner's code produced ({"event": "seen"}: plain values it worked out itself);
this module turns them into a few lines, with the messages `<step>.seen.text` and `<step>.seen.card`.
A line whose values are missing is left out; nothing here can change a verdict.
"""

from __future__ import annotations

import bisect
import re
import string

from kata.i18n import catalog, t
from kata.i18n import lang as current_lang
from kata.i18n import number as i18n_number

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069]")
SPARKS = "▁▂▃▄▅▆▇█"


def clean(text: str, limit: int = 300) -> str:
    """A value the learner's code produced, safe for a terminal: no control or direction characters, one line."""
    text = _CONTROL.sub(" ", str(text).replace("\n", " "))
    return text if len(text) <= limit else text[: limit - 1] + "…"


def number(value, language: str) -> str:
    """25,000 / 25.000 for counts; 0.8861 for measures (as Keras prints them); text made safe for a terminal."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return i18n_number(value, language)
    return clean(value)


def sparkline(values) -> str:
    """One character per value, low to high (▁ … █), each row on its own scale: a value's height is its rank among
    the row's values. A loss that falls all along (0.69 to 0.12 in 40 epochs) falls all along the line, however
    much of the fall comes in the first epochs, and the small rise of val_loss after its lowest point shows as
    plainly as the fall before it. (The shape, not the distances: the numbers are beside it.)"""
    values = [float(v) for v in values]
    if not values:
        return ""
    order = sorted(values)
    levels = len(SPARKS)
    return "".join(SPARKS[min(levels - 1, bisect.bisect_left(order, v) * levels // len(values))] for v in values)


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


def marks_line(step, values: dict, language: str) -> str | None:
    """`0.90 ✔ · 0.91 ✗ (0.0036 to go)`: the step's marks (kata/steps.toml) against the number its checks measured,
    for a step that passed; None when it has no marks or the number is missing."""
    from kata.manifest import marks_of

    marks = marks_of(step, values, done=True)
    if not marks or any(m["value"] is None for m in marks):
        return None
    text = " · ".join(f"{m['at']:.2f} {'✔' if m['reached'] else '✗'}" for m in marks)
    missed = [m for m in marks if not m["reached"]]
    if missed:
        text += " (" + t("ui.mark_to_go", language, gap=f"{missed[0]['at'] - missed[0]['value']:.4f}") + ")"
    return text


def _fill(template: str, values: dict, language: str) -> str | None:
    names = {name.split(".")[0].split("[")[0] for _, name, _, _ in string.Formatter().parse(template) if name}
    if not names <= set(values):
        return None
    return template.format_map({k: v if k in ("mark", "marks") or k.startswith("spark") else number(v, language)
                                for k, v in values.items()})


def _lines(step, values: dict, part: str, language: str) -> list[str]:
    key = f"{step.name}.seen.{part}"
    template = catalog(language).get(key) or catalog("en").get(key)
    if not template or not values:
        return []
    values = _derived(step.name, values)
    marks = marks_line(step, values, language)
    if marks is not None:
        values["marks"] = marks
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
