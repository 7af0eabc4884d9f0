"""`make watch`: re-check on every save. A learner processes' supervisor (Keras imported) and a spare judge
(pytest and the reference data loaded) are kept ready while the learner types: a re-check costs the check."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from kata.cli.check import cmd_check
from kata.i18n import t
from kata.manifest import ROOT, steps


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
    try:
        while True:
            if (supervisor is None or not supervisor.alive()) and not portable():  # lent by descriptor
                try:
                    supervisor = start_supervisor(modules=likely_imports(), exchange=exchange)
                except SupervisorError:
                    supervisor = None
            print(t("ui.checking"), flush=True)
            cmd_check(args, supervisor=supervisor, spare=spare, exchange=exchange)
            if spare is not None:
                spare.close()
            spare = None if portable() else runner.Spare()  # ready for the next save
            for _ in watch(ROOT / "exercises", watch_filter=lambda change, path: path.endswith(".py")):
                break
            print("\n" + "─" * 60)
    finally:
        if spare is not None:
            spare.close()
        if supervisor is not None:
            supervisor.close()
        shutil.rmtree(exchange, ignore_errors=True)
    return 0
