"""`python -m kata dev settings [--lang pt_BR]`: README's table of the KATA_* settings, from kata.shared.settings
(README.md and README.pt-BR.md hold it between two marker lines; the project's tests keep them equal)."""

from __future__ import annotations

import argparse
import re

from kata.manifest import ROOT
from kata.shared.settings import table

BEGIN, END = "<!-- settings: begin -->", "<!-- settings: end -->"
READMES = {"en": ROOT / "README.md", "pt_BR": ROOT / "README.pt-BR.md"}


def in_readme(lang: str) -> str | None:
    """The table README holds between its markers (None when the markers are missing)."""
    found = re.search(re.escape(BEGIN) + r"\n(.*?)\n" + re.escape(END), READMES[lang].read_text(encoding="utf-8"), re.S)
    return found.group(1) if found else None


def write(lang: str) -> None:
    path = READMES[lang]
    text = path.read_text(encoding="utf-8")
    new = f"{BEGIN}\n{table(lang)}\n{END}"
    if BEGIN in text:
        text = re.sub(re.escape(BEGIN) + r".*?" + re.escape(END), lambda _: new, text, flags=re.S)
    path.write_text(text, encoding="utf-8")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m kata dev settings")
    parser.add_argument("--lang", default="en", choices=sorted(READMES))
    parser.add_argument("--write", action="store_true", help="put the table into README between its markers")
    args = parser.parse_args(argv)
    if args.write:
        for lang in READMES:
            write(lang)
        return 0
    print(table(args.lang))
    return 0
