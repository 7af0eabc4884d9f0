"""Everything a learner reads, in English or Brazilian Portuguese.

The language is kata.lang's: `KATA_LANG` (`en` or `pt_BR`), else the locale as POSIX reads it (the first of
`LC_ALL`, `LC_MESSAGES`, `LANG` that is set decides).
Messages live in `kata/messages/<lang>/*.toml`: `common.toml` and other unnumbered files for the tools, one
file per step (`04_pad.toml`) for that step's checks. Both languages have the same keys (the project's tests
say so). Counts in a message follow its language: 25,000 / 25.000.
"""

from __future__ import annotations

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


class _Safe(dict):
    def __missing__(self, key):
        return "{" + key + "}"


def t(key: str, language: str | None = None, **values) -> str:
    """The message `key` in the learner's language (English if missing there), filled with values."""
    language = language or lang()
    text = catalog(language).get(key) or catalog("en").get(key)
    if text is None:
        return key
    return text.format_map(_Safe(values)).strip()


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
    return f"{value:.4f}"
