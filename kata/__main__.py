"""`python -m kata ...`, and the `kata` command (pyproject [project.scripts]): the same tools without make."""

import os
import sys


def run() -> int:
    """The kata's tools: exits with their code, without a traceback for Ctrl+C or a pipe cut short."""
    from kata import pyversion

    if not pyversion.supported():  # before anything that needs 3.10 (the messages' reader among them)
        print(pyversion.unsupported(), file=sys.stderr)
        sys.exit(1)
    try:
        from kata.cli import main
    except ModuleNotFoundError as exc:
        if exc.name != "tomli":
            raise
        print(pyversion.message("no_tomli"), file=sys.stderr)  # 3.10, installed without the kata's dependencies
        sys.exit(1)

    try:
        sys.exit(main())
    except KeyboardInterrupt:  # Ctrl+C (e.g. leaving `make watch`): no traceback
        sys.exit(130)
    except BrokenPipeError:  # output piped into `head` and cut short
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(1)


if __name__ == "__main__":
    run()
