"""`make watch`: re-check on every save. A learner processes' supervisor (Keras imported) and a spare judge
(pytest and the reference data loaded) are kept ready while the learner types: a re-check costs the check.

The first check is `make check`'s. After that, a save re-checks the step saved (and any step kept as passed
that a saved file changed; steps are independent, each check gets correct inputs), then shows where the learner
stands, the other steps as the store of kept passes has them (kata.judge.kept)."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from kata import console
from kata.cli.check import _remember_done, check, cmd_check, progress, show_done, show_failure
from kata.i18n import lang as current_lang
from kata.i18n import t
from kata.manifest import ROOT, steps
from kata.shared.vocabulary import State


def likely_imports() -> list[str]:
    """What the learner's files import (Keras ...), for the learner processes' supervisor to import ahead."""
    from kata.judge.checking import Learner

    modules = []
    for s in steps():
        try:
            learner = Learner(s, ROOT / "exercises")
            if learner.untouched():  # a stub is "not started" without a learner process
                continue
            modules += [m for m in learner.imports() if m not in modules]
        except Exception:  # a file with a syntax error: its check says so
            continue
    return modules


def cmd_watch(args) -> int:
    from watchfiles import watch

    from kata.judge import runner
    from kata.judge.supervisors import SupervisorError, start_supervisor
    from kata.shared.platform import portable

    print(t("ui.watch_start"))
    supervisor, spare = None, None
    exchange = Path(tempfile.mkdtemp(prefix="kata-exchange-"))
    saved = None  # the first check is make check's: every step (the unchanged passed ones from the store)
    try:
        while True:
            if (supervisor is None or not supervisor.alive()) and not portable():  # lent by descriptor
                try:
                    supervisor = start_supervisor(modules=likely_imports(), exchange=exchange)
                except SupervisorError:
                    supervisor = None
            print(t("ui.checking"), flush=True)
            if saved is None or args.step:
                cmd_check(args, supervisor=supervisor, spare=spare, exchange=exchange)
            else:
                recheck(args, saved, supervisor=supervisor, spare=spare, exchange=exchange)
            if spare is not None:
                spare.close()
            spare = None if portable() else runner.Spare()  # ready for the next save
            kept = _kept(args.target)
            for changes in watch(ROOT / "exercises", watch_filter=lambda change, path: path.endswith(".py")):
                saved = to_recheck([path for _, path in changes], kept, args.target)
                break
            print("\n" + "─" * 60)
    finally:
        if spare is not None:
            spare.close()
        if supervisor is not None:
            supervisor.close()
        shutil.rmtree(exchange, ignore_errors=True)
    return 0


def _kept(target) -> set[int]:
    from kata.judge import runner

    return {r.step.number for r in runner.kept_report(target) if r.kept}


def to_recheck(paths, kept_before: set[int], target="exercises") -> list:
    """The steps to check after a save: those whose files were saved, and those kept as passed before that are not
    any more (a file they use changed). Steps are independent: no other step needs checking."""
    by_slug = {s.slug: s for s in steps()}
    saved = {by_slug[Path(p).stem].number for p in paths if Path(p).stem in by_slug}
    lost = kept_before - _kept(target)
    return [s for s in steps() if s.number in saved | lost]


def recheck(args, only: list, supervisor=None, spare=None, exchange=None) -> int:
    """Check the saved steps, then show where the learner stands (the other steps as the store has them)."""
    from kata.judge import runner

    lang = current_lang()
    report = check(args, only, False, supervisor, spare, exchange) if only else None
    overview = runner.kept_report(args.target)
    for r in report or ():
        print()
        if r.state == State.DONE:
            show_done(r, lang)
        else:
            show_failure(r, lang)
        overview.results[r.step.number] = r
    if report is not None:
        _remember_done([r.step.number for r in report if r.state == State.DONE], args.target,
                       forget=[r.step.number for r in report if r.state not in (State.DONE, State.UNKNOWN)])
    print()
    print(progress(overview))
    current = overview.first_not_done()
    if current is None:
        console.say(t("ui.all_done", total=len(steps())), kind="done")
    elif current.step not in only:
        print(t("ui.next_step", step=t("ui.step", number=current.step.number, total=len(steps())),
                number=current.step.number, title=current.step.title_in(lang)))
    return 0 if current is None else 1
