"""Everything a learner reads, in English or Brazilian Portuguese.

The language is kata.lang's: `KATA_LANG` (`en` or `pt_BR`), else the locale as POSIX reads it (the first of
`LC_ALL`, `LC_MESSAGES`, `LANG` that is set decides).
Messages live in `kata/messages/<lang>/*.toml`: `common.toml` and other unnumbered files for the tools, one
file per step (`04_pad.toml`) for that step's checks. Both languages have the same keys (the project's tests
say so). Counts in a message follow its language: 25,000 / 25.000.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from kata.lang import lang

LANGS = ("en", "pt_BR")
MESSAGES = Path(__file__).with_name("messages")


def _flatten(table: dict, prefix: str = "") -> dict:
    out = {}
    for k, v in table.items():
        if isinstance(v, dict):
            out.update(_flatten(v, f"{prefix}{k}."))
        else:
            out[f"{prefix}{k}"] = v
    return out


@lru_cache(maxsize=None)
def catalog(language: str) -> dict:
    """All messages of one language, as flat keys: `pad.maxlen.cause`, `ui.checked`."""
    try:
        import tomllib
    except ModuleNotFoundError:  # Python 3.10: the same parser, from PyPI (pyproject: tomli on 3.10)
        import tomli as tomllib
    out: dict = {}
    for path in sorted((MESSAGES / language).glob("*.toml")):
        with open(path, "rb") as f:
            table = tomllib.load(f)
        # step files are written without their step prefix: [maxlen] in 04_pad.toml is pad.maxlen;
        # the tools' files (common.toml, notebook.toml, ...) give their keys as written
        numbered = path.stem[:2].isdigit() and "_" in path.stem
        prefix = path.stem.split("_", 1)[1] + "." if numbered else ""
        out.update(_flatten(table, prefix))
    return out


def t(key: str, language: str | None = None, **values) -> str:
    """The message `key` in the learner's language (English if missing there), filled with values."""
    language = language or lang()
    text = catalog(language).get(key) or catalog("en").get(key)
    if text is None:
        return key
    return fill(text, values, language)


_DECIMAL = re.compile(r"-?(0\.\d+|\d{1,9}\.\d{4,})")  # a measure (0.34, 0.8861, 12.3456); never a version (3.11)


def fill(template: str, values: dict, language: str) -> str:
    """The template with its fields filled. A number in prose follows the language (25,000 / 25.000, 0.8861 /
    0,8861); a number written as code (after `=`, or between backticks) stays as Python writes it."""
    import string

    out, code = [], False
    for literal, field, spec, conversion in string.Formatter().parse(template):
        out.append(literal)
        code ^= literal.count("`") % 2 == 1
        if field is None:
            continue
        if field not in values:
            out.append("{" + field + "}")
            continue
        value = values[field]
        if isinstance(value, str) and _DECIMAL.fullmatch(value) and not (code or literal.endswith("=")):
            out.append(decimal(value, language))  # a measure sent as text: its digits kept, its point the language's
            continue
        if code or literal.endswith("=") or isinstance(value, bool) or not isinstance(value, (int, float)):
            out.append(format(value, spec or "") if not conversion else str(value))
        else:
            out.append(_prose(value, language))
    return "".join(out).strip()


def has(key: str) -> bool:
    return key in catalog("en")


def number(value, language: str | None = None) -> str:
    """A count with its thousands marked (25,000 / 25.000); a measure with four decimals, as Keras prints it."""
    language = language or lang()
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, int):
        text = f"{value:,}"
        return text.replace(",", ".") if language == "pt_BR" else text
    return decimal(f"{value:.4f}", language)


def decimal(text: str, language: str | None = None) -> str:
    """A decimal number written in the language: 0.8861 / 0,8861."""
    return text.replace(".", ",") if (language or lang()) == "pt_BR" else text


def _prose(value, language: str) -> str:
    """A number inside a sentence: counts with their thousands, measures with up to four decimals."""
    if isinstance(value, int) or (abs(value) < 1e15 and float(value).is_integer() and abs(value) >= 1000):
        return number(int(value), language)
    text = f"{value:.4f}".rstrip("0").rstrip(".") if abs(value) >= 1e-4 or value == 0 else f"{value:.2e}"
    return decimal(text, language)
