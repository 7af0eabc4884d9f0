"""Every `KATA_*` environment variable the kata reads, declared once (kata/shared/settings.toml): its default,
who sets it and what it means.

    settings.get("KATA_MEMORY_MB")          -> "4096" (the value, else the default)
    settings.number("KATA_MEMORY_MB")       -> 4096.0
    settings.flag("KATA_NO_FORK")           -> True when set to anything but "", "0"

README's table of settings is written from this list (`python -m kata dev settings`), and the project's
tests fail when a `KATA_*` name in the code is missing here, or README's table differs from it.
Who: "learner" (make check and friends), "instructor" (grading), "developer" (the kata's own tests and
tools), "internal" (set by the kata for its own processes: never set them yourself).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Setting:
    name: str
    default: str | None
    who: str  # learner | instructor | developer | internal
    en: str
    pt_BR: str


def _load() -> tuple[Setting, ...]:
    try:
        import tomllib
    except ModuleNotFoundError:  # Python 3.10: the same parser, from PyPI (pyproject: tomli on 3.10)
        import tomli as tomllib
    with open(Path(__file__).with_name("settings.toml"), "rb") as f:
        table = tomllib.load(f)
    return tuple(Setting(name, s.get("default"), s["who"], s["en"], s["pt_BR"]) for name, s in table.items())


SETTINGS = _load()
BY_NAME = {s.name: s for s in SETTINGS}
# Variables of the kata's own processes: never handed on to a process the kata starts for another run.
CHANNELS = ("KATA_SUPERVISOR", "KATA_SUPERVISOR_IMPORT", "KATA_REPORT", "KATA_LIVE", "KATA_LIVE_TTY", "KATA_EXCHANGE_DIR",
            "KATA_CALL_CTRL", "KATA_CALL_READY", "KATA_SPARE")


def get(name: str, env=None) -> str | None:
    """The variable's value (from env, a run's own variables, first; then this process's), else its default."""
    setting = BY_NAME[name]
    value = (env or {}).get(name) or os.environ.get(name)
    return value if value else setting.default


def flag(name: str, env=None) -> bool:
    """True when the variable is set to anything but "" or "0"."""
    BY_NAME[name]  # noqa: B018 - a name the registry does not know is an error here, not a silent False
    value = (env or {}).get(name) or os.environ.get(name, "")
    return value not in ("", "0")


def number(name: str, env=None) -> float:
    """The variable as a number (its default when unset or not a number)."""
    try:
        return float(get(name, env) or BY_NAME[name].default or 0)
    except ValueError:
        return float(BY_NAME[name].default or 0)


def table(lang: str = "en", who=("learner", "instructor")) -> str:
    """The Markdown table of the settings for `who`, in lang (README's)."""
    head = ("| variable | default | what it does |" if lang == "en" else "| variável | padrão | o que faz |")
    rows = [head, "|---|---|---|"]
    for s in SETTINGS:
        if s.who in who:
            meaning = s.en if lang == "en" else s.pt_BR
            rows.append(f"| `{s.name}` | {f'`{s.default}`' if s.default else '-'} | {meaning} |")
    return "\n".join(rows)
