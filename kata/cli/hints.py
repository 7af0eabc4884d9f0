"""`make hint` (the next hint of the step the learner is on, level by level) and `make solution` (after a
spoiler warning)."""

from __future__ import annotations

import re

from kata.cli import state
from kata.i18n import lang as current_lang
from kata.i18n import t
from kata.manifest import ROOT, step, steps


def hints(s, lang) -> list[str]:
    """The step's hints, from the most gentle to a near-solution: `## ` headings split the levels."""
    path = s.hint(lang)
    if not path.exists():
        path = s.hint("en")
    text = path.read_text(encoding="utf-8")
    return [part.strip() for part in re.split(r"^## .*$", text, flags=re.M)[1:] if part.strip()]


def current_step(target="exercises"):
    """The step the learner is on: the first one not kept as passed (kata.judge.kept: unchanged since it passed),
    read from the store without checking anything; the last step when every one is kept."""
    from kata.judge import runner

    first = runner.kept_report(target).first_not_done()
    return first.step if first is not None else steps()[-1]


def cmd_hint(args) -> int:
    lang = current_lang()
    s = step(args.step) if args.step else current_step(args.target)
    levels = hints(s, lang)
    remembered = state.load()
    seen = remembered.setdefault("hints", {})
    level = int(args.level) if args.level else min(seen.get(s.name, 0) + 1, len(levels))
    level = max(1, min(level, len(levels)))
    seen[s.name] = max(seen.get(s.name, 0), level)
    state.save(remembered)  # a read-only folder: the same hint next time
    print(t("ui.hint_title", level=level, levels=len(levels), number=s.number, title=s.title_in(lang)))
    print()
    print(levels[level - 1])
    print()
    print(t("ui.hint_more") if level < len(levels) else t("ui.hint_last", number=s.number))
    return 0


def cmd_solution(args) -> int:
    s = step(args.step) if args.step else current_step(args.target)
    path = s.solution()
    print(t("ui.spoiler", number=s.number))
    print()
    if not path.exists():
        print(f"(no solutions/ folder here: {path.relative_to(ROOT)})")
        return 1
    print(path.read_text(encoding="utf-8"))
    return 0
