"""`make check` (`kata check`): the steps in order, stopping at the first one not done; `make list`."""

from __future__ import annotations

import os
import sys

from kata import console
from kata.cli import seen, state
from kata.cli.hints import hints
from kata.i18n import lang as current_lang
from kata.i18n import t
from kata.manifest import step, steps
from kata.shared.vocabulary import State

SEEN_AT_ONCE = 3  # at most this many newly passed steps show their numbers in one run (the latest ones)


def bar(done: int, total: int, width: int = 11) -> str:
    filled = round(width * done / total)
    return f"[{'#' * filled}{'-' * (width - filled)}] {done}/{total}"


def progress(report) -> str:
    """`IMDB kata [##---------] 2/14   1✔ 2✔ 3✗ 4 ...`: every step with the mark of its state."""
    marks = console.marks()
    shown = " ".join(f"{r.step.number}{marks.get(r.state, '?')}" for r in report)
    return f"IMDB kata {bar(report.done(), len(steps()))}   {shown}"


def render_step(r, lang) -> list[str]:
    """The few lines that explain one step's state."""
    total = len(steps())
    head = f"{t('ui.step', number=r.step.number, total=total)} · {r.step.title_in(lang)}: {t('ui.' + r.state)}"
    lines = [head]
    fail = r.first_failure
    if fail:
        lines += ["  " + line for line in fail["message"].splitlines()]
        if len(r.failures) > 1 and r.state != State.NOT_STARTED:
            more = len(r.failures) - 1
            lines.append("  " + t("ui.more_failures_one" if more == 1 else "ui.more_failures", count=more))
    return lines


def terminal():
    """Where the learner's own output goes while the checks run: this terminal (binary, unbuffered)."""
    sys.stdout.flush()
    try:
        return os.fdopen(os.dup(sys.stdout.fileno()), "wb", buffering=0)
    except (OSError, ValueError, AttributeError):
        return None


def cmd_check(args, supervisor=None, spare=None, exchange=None) -> int:
    from kata.judge import runner

    lang = current_lang()
    only = [step(args.step)] if args.step else None
    live = terminal()
    try:
        report = runner.run(target=args.target, only=only, stop=not args.step, live=live, supervisor=supervisor,
                            spare=spare, exchange=exchange)
    finally:
        if live is not None:
            live.close()
    if args.verbose:
        print(report.output)
    if not only:
        print(progress(report))
    current = report.first_not_done()
    newly = [] if only else _newly_done(report, args.target)
    if not only:
        state.update(current={"step": current.step.number if current else None, "exercises": state.exercise_digests()})
    if current is None:
        return _all_done(report, only, newly, lang)
    for r in newly:
        print_seen(r, lang, heading=True)
    print()
    console.say(*render_step(current, lang), kind="not_started" if current.state == State.NOT_STARTED else "wrong")
    print()
    levels = len(hints(current.step, lang))
    if current.state == State.NOT_STARTED:
        print(t("ui.next_start", file=f"exercises/{current.step.slug}.py"))
    level = min(state.load().get("hints", {}).get(current.step.name, 0) + 1, levels)
    print(t("ui.next_hint", level=level, levels=levels, number=current.step.number))
    return 2 if current.state == State.UNCHECKED else 1  # the kata's side failed: not the learner's


def _all_done(report, only, newly, lang) -> int:
    total = len(steps())
    if only:
        head = f"{t('ui.step', number=only[0].number, total=total)} · {only[0].title_in(lang)}: {t('ui.done')}"
        console.say(f"{console.marks()[State.DONE]} {head}", kind="done")
        print_seen(report.results[only[0].number], lang)
        return 0
    for r in newly:
        print_seen(r, lang, heading=True)
    card = seen.card_lines(report, lang)
    if card:
        print()
        console.say(t("ui.card_title"), *card)
    print()
    console.say(t("ui.all_done", total=total), kind="done")
    print(t("ui.explore_next"))
    return 0


def print_seen(r, lang, heading=False) -> None:
    """What a passed step's code produced (kata.cli.seen), under the step's name when several may follow."""
    lines = seen.seen_lines(r, lang)
    if not lines:
        return
    if heading:
        head = f"{t('ui.step', number=r.step.number, total=len(steps()))} · {r.step.title_in(lang)}"
        console.say(f"{console.marks()[State.DONE]} {head}", kind="done")
    console.say(*("  " + line for line in lines))


def _newly_done(report, target="exercises") -> list:
    """The steps done now that were not done at the last full `make check` (their numbers are shown once);
    remembered for next time."""
    done = [r.step.number for r in report if r.state == State.DONE]
    name = "done" if target == "exercises" else f"done:{target}"
    before = set(state.load().get(name) or [])
    newly = [r for r in report if r.state == State.DONE and r.step.number not in before and r.seen]
    state.update(**{name: done})  # a read-only folder: shown again next time
    return newly[-SEEN_AT_ONCE:]


def cmd_list(args) -> int:
    from kata.judge import runner

    lang = current_lang()
    report = runner.run(target=args.target)
    print(f"{t('ui.list_header')} {bar(report.done(), len(steps()))}")
    marks = console.marks()
    for r in report:
        print(f" {marks.get(r.state, '?')} {r.step.number:>2}. {r.step.title_in(lang):<42} {t('ui.' + r.state)}")
    return 0
