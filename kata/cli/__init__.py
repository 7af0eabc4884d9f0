"""`python -m kata <command>` (the `kata` command): what the Makefile's targets run, one module per command.

    check · list · hint · solution · reset · watch · try      the learner's (kata.cli.check, hints, ...)
    grade · classroom                                         the instructor's (kata.cli.grade, classroom)
    dev ...                                                   the kata's maintainers' (kata.dev)
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys

from kata import console
from kata.i18n import t
from kata.manifest import step, steps

# name -> (module, function, help, takes --step)
LEARNER = {
    "check": ("kata.cli.check", "cmd_check", "check your exercises, stopping at the first step not done", True),
    "list": ("kata.cli.check", "cmd_list", "every step with its state", False),
    "hint": ("kata.cli.hints", "cmd_hint", "the next hint for the current step (--level k to choose)", True),
    "solution": ("kata.cli.hints", "cmd_solution", "show a step's reference solution", True),
    "reset": ("kata.cli.reset", "cmd_reset", "restore a step's stub (your version is backed up; --undo)", True),
    "watch": ("kata.cli.watch", "cmd_watch", "re-check whenever you save an exercise", True),
    "try": ("kata.cli.tryout", "cmd_try", "your step 11 on your own reviews (make try TEXT=\"...\")", False),
}
# commands with their own options (each module's main(argv))
OWN = {"grade": ("kata.cli.grade", "grade every step with points"),
       "classroom": ("kata.cli.classroom", "write a student template"),
       "dev": ("kata.dev", "the kata's maintainers' tools (dev --help)")}


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog="python -m kata", description="The IMDB kata's tools.")
    sub = top.add_subparsers(dest="command", required=True)
    for name, (module, function, helptext, with_step) in LEARNER.items():
        p = sub.add_parser(name, help=helptext, description=helptext)
        p.set_defaults(target_module=module, function=function)
        if with_step:
            p.add_argument("--step", default=os.environ.get("STEP") or None, help="a step by number or name (STEP=n)")
        p.add_argument("--target", default=os.environ.get("KATA_TARGET", "exercises"),
                       help="whose code: exercises (default), solutions, or a folder")
        p.add_argument("--verbose", action="store_true", default=bool(os.environ.get("VERBOSE")),
                       help="everything pytest and TensorFlow print (VERBOSE=1)")
        if name in ("check", "list", "watch"):
            p.add_argument("--fresh", action="store_true", default=bool(os.environ.get("FRESH")),
                           help="check every step, even those unchanged since they passed (FRESH=1)")
        if name == "hint":
            p.add_argument("--level", default=os.environ.get("LEVEL") or None, help="which hint (LEVEL=k)")
        if name == "reset":
            p.add_argument("--undo", action="store_true", default=bool(os.environ.get("UNDO")),
                           help="put the latest backup back (UNDO=1)")
        if name == "try":
            p.add_argument("text", nargs="*", help="reviews (in English) to score")
    for name, (module, helptext) in OWN.items():
        p = sub.add_parser(name, help=helptext, add_help=False)
        p.set_defaults(target_module=module, function=None)
    return top


def main(argv=None) -> int:
    for stream in (sys.stdout, sys.stderr):  # a terminal that cannot show ✔ or … gets "?" there, never an error
        console.tolerant(stream)
    args, rest = parser().parse_known_args(argv)
    if args.function is None:
        return importlib.import_module(args.target_module).main(rest)
    if rest:
        parser().parse_args(argv)  # the usual message for an unknown option (exit 2)
    if getattr(args, "step", None):
        try:
            step(args.step)
        except KeyError:
            print(t("ui.no_such_step", step=args.step, steps=", ".join(f"{s.number}={s.name}" for s in steps())))
            return 2
    if getattr(args, "verbose", False):
        os.environ["KATA_VERBOSE"] = "1"
    from kata.shared.post import quiet_tensorflow

    quiet_tensorflow()  # before anything imports TensorFlow here (make try trains and reads models)
    try:
        return getattr(importlib.import_module(args.target_module), args.function)(args)
    except OSError as exc:  # the kata's own side (a full disk, a read-only folder): one sentence, exit 2
        print(t("ui.fault", reason=fault_reason(exc)), file=sys.stderr)
        return 2


def fault_reason(exc: OSError) -> str:
    """An OSError of the kata's own side as a few words (the disk is full, a folder is read-only, ...)."""
    import errno

    where = f" ({exc.filename})" if exc.filename else ""
    if exc.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", -1)):
        return f"the disk is full{where}"
    if exc.errno == errno.EROFS:
        return f"a folder it writes in is read-only{where}"
    if exc.errno == errno.EACCES:
        return f"permission denied{where}"
    return f"{exc.strerror or type(exc).__name__}{where}"
