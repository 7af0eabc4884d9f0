"""`make check` (`kata check`): the steps in order, stopping at the first one not done; `make list`.

A step that passed and whose inputs are all unchanged is not checked again (kata.judge.kept): it shows as done,
in one line for all of them. What a step printed and its numbers ("seen") show when it newly passes, or when
asked (`make check STEP=n`, from the store for a kept step); `make check FRESH=1` checks every step anyway.
"""

from __future__ import annotations

import os
import re
import sys

from kata import console
from kata.cli import seen, state
from kata.cli.hints import hints
from kata.i18n import lang as current_lang
from kata.i18n import t
from kata.manifest import step, steps
from kata.shared.vocabulary import State

SEEN_AT_ONCE = 3  # at most this many newly passed steps show their numbers in one run (the latest ones)
_ESCAPES = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


def bar(done: int, total: int, width: int = 11) -> str:
    filled = round(width * done / total)
    return f"[{'#' * filled}{'-' * (width - filled)}] {done}/{total}"


def progress(report) -> str:
    """`IMDB kata [##---------] 2/14   1✔ 2✔ 3✗ 4 ...`: every step with the mark of its state."""
    marks = console.marks()
    shown = " ".join(f"{r.step.number}{marks.get(r.state, '?')}" for r in report)
    return f"IMDB kata {bar(report.done(), len(steps()))}   {shown}"


def spans(numbers) -> str:
    """`1-10, 12`: step numbers as runs."""
    out: list[list[int]] = []
    for n in sorted(numbers):
        if out and n == out[-1][1] + 1:
            out[-1][1] = n
        else:
            out.append([n, n])
    return ", ".join(str(a) if a == b else f"{a}-{b}" for a, b in out)


def kept_line(report) -> str | None:
    """The one line that says which steps were read from the store (unchanged since they passed), or None."""
    kept = [r.step.number for r in report if r.kept]
    if not kept:
        return None
    return t("ui.kept_one" if len(kept) == 1 else "ui.kept_many", steps=spans(kept))


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


def check(args, only=None, stop=True, supervisor=None, spare=None, exchange=None):
    """The runner on the learner's folder, passes kept (FRESH=1: every step checked anyway); the Report."""
    from kata.judge import runner

    live = terminal()
    try:
        return runner.run(target=args.target, only=only, stop=stop, live=live, supervisor=supervisor, spare=spare,
                          exchange=exchange, keep=True, fresh=bool(getattr(args, "fresh", False)))
    finally:
        if live is not None:
            live.close()


def cmd_check(args, supervisor=None, spare=None, exchange=None) -> int:
    lang = current_lang()
    only = [step(args.step)] if args.step else None
    report = check(args, only, not args.step, supervisor, spare, exchange)
    if args.verbose:
        print(report.output)
    if only:
        return _one(report.results[only[0].number], args.target, lang)
    print(progress(report))
    line = kept_line(report)
    if line:
        console.say(line, kind="note")
    current = report.first_not_done()
    newly = _newly_done(report, args.target)
    if current is None:
        return _all_done(report, newly, lang)
    for r in newly:
        print_seen(r, lang, heading=True)
    print()
    show_failure(current, lang)
    return 2 if current.state == State.UNCHECKED else 1  # the kata's side failed: not the learner's


def show_failure(r, lang) -> None:
    """A step that is not done: what is wrong, and where to go from there."""
    console.say(*render_step(r, lang), kind="not_started" if r.state == State.NOT_STARTED else "wrong")
    print()
    levels = len(hints(r.step, lang))
    if r.state == State.NOT_STARTED:
        print(t("ui.next_start", file=f"exercises/{r.step.slug}.py"))
    level = min(state.load().get("hints", {}).get(r.step.name, 0) + 1, levels)
    print(t("ui.next_hint", level=level, levels=levels, number=r.step.number))


def _one(r, target, lang) -> int:
    """`make check STEP=n`: the step's verdict; when done, what it printed (from the store when it was kept) and
    its numbers, asked for."""
    if r.state != State.DONE:
        print()
        show_failure(r, lang)
        return 2 if r.state == State.UNCHECKED else 1
    show_done(r, lang)
    _remember_done([r.step.number], target)
    return 0


def show_done(r, lang) -> None:
    head = f"{t('ui.step', number=r.step.number, total=len(steps()))} · {r.step.title_in(lang)}: {t('ui.done')}"
    console.say(f"{console.marks()[State.DONE]} {head}", kind="done")
    if r.kept:
        console.say("  " + t("ui.kept_step", number=r.step.number), kind="note")
        if r.printed.strip():
            console.say("  " + t("ui.kept_printed"), kind="note")
            replay(r.printed)
    print_seen(r, lang)


def replay(text: str) -> None:
    """What a step printed when it passed, as it was shown then (colours only where this is a terminal)."""
    shown = text if console.colour_on() else _ESCAPES.sub("", text)
    sys.stdout.write(shown if shown.endswith("\n") else shown + "\n")
    sys.stdout.flush()


def _all_done(report, newly, lang) -> int:
    for r in newly:
        print_seen(r, lang, heading=True)
    card = seen.card_lines(report, lang)
    if card:
        print()
        console.say(t("ui.card_title"), *card)
    print()
    console.say(t("ui.all_done", total=len(steps())), kind="done")
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


def _done_name(target) -> str:
    return "done" if target == "exercises" else f"done:{target}"


def _remember_done(numbers, target, forget=()) -> set:
    """The steps whose numbers were shown (remembered in .kata/state.json); returns those remembered before."""
    name = _done_name(target)
    before = set(state.load().get(name) or [])
    state.update(**{name: sorted((before - set(forget)) | set(numbers))})  # a read-only folder: shown again next time
    return before


def _newly_done(report, target="exercises") -> list:
    """The steps checked now that passed and had not been shown as done (their numbers are shown once, the latest
    SEEN_AT_ONCE of them); a kept step was shown when it passed. Remembered for next time."""
    done = [r.step.number for r in report if r.state == State.DONE]
    gone = [r.step.number for r in report if r.state not in (State.DONE, State.UNKNOWN)]
    before = _remember_done(done, target, forget=gone)
    newly = [r for r in report if r.state == State.DONE and not r.kept and r.step.number not in before and r.seen]
    return newly[-SEEN_AT_ONCE:]


def cmd_list(args) -> int:
    from kata.judge import runner

    lang = current_lang()
    report = runner.run(target=args.target, keep=True, fresh=bool(getattr(args, "fresh", False)))
    print(f"{t('ui.list_header')} {bar(report.done(), len(steps()))}")
    marks = console.marks()
    for r in report:
        print(f" {marks.get(r.state, '?')} {r.step.number:>2}. {r.step.title_in(lang):<42} {t('ui.' + r.state)}")
    return 0
