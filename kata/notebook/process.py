"""The notebooks' checking process: `python -m kata.notebook run-check|run-try` (no IPython here). It checks the
folder the kernel wrote its cells into, with `make check`'s runner, and leaves the verdict as JSON; file names
in messages become the cells' names."""

from __future__ import annotations

import json
import os
import re
import sys
from pathlib import Path

from kata.i18n import t
from kata.manifest import ROOT, step, steps

def _relabel(text: str, where: Path) -> str:
    """The learner's files named as the notebook's cells: `.kata/notebook/kata/04_pad.py` -> the cell `# kata: 04_pad`."""
    for s in steps():
        path = where / f"{s.slug}.py"
        names = [str(path)]
        try:
            names.insert(0, str(path.relative_to(ROOT)))
        except ValueError:
            pass
        cell = t("notebook.cell", slug=s.slug)
        for name in sorted(names, key=len, reverse=True):
            text = text.replace(t("notebook.in_file", file=name), t("notebook.in_cell", slug=s.slug))  # "em a" -> "na"
            text = re.sub(r"(^[ \t]*|[.:] )?" + re.escape(name),
                          lambda m, c=cell: (m.group(1) + c[:1].upper() + c[1:]) if m.group(1) is not None else c,
                          text, flags=re.M)
    return text


def run_check(target: str, number: int | None, result_file: str, fresh: bool = False) -> int:
    from kata.cli.check import progress, render_step
    from kata.i18n import lang
    from kata.judge import runner
    from kata.shared.post import quiet_tensorflow

    quiet_tensorflow()
    where = Path(target).resolve()
    only = [step(number)] if number else None
    sys.stdout.flush()
    live = os.fdopen(os.dup(sys.stdout.fileno()), "wb", buffering=0)  # the learner's output, streamed to the cell
    try:
        report = runner.run(target=str(where), only=only, stop=not only, live=live, keep=True, fresh=fresh)
    finally:
        live.close()
    total = len(steps())
    result = {"total": total, "states": {r.step.number: r.state for r in report}, "progress": None, "current": None,
              "shown": shown(report, only, str(where), lang())}
    if not only:
        result["progress"] = progress(report)
    current = report.first_not_done()
    if current is not None:
        lines = [_relabel(line, where) for line in render_step(current, lang())]
        result["current"] = {"number": current.step.number, "state": current.state, "lines": lines}
    Path(result_file).write_text(json.dumps(result), encoding="utf-8")
    return 0 if current is None else 1


def shown(report, only, target: str, language: str) -> list:
    """What the terminal shows beside the verdict, as (style, text) lines: the steps kept (unchanged since they
    passed), the numbers of a step asked for or newly passed, the report card once every step passes."""
    from kata.cli import seen
    from kata.cli.check import _newly_done, _remember_done, spans

    lines: list = []
    kept = [r.step.number for r in report if r.kept]
    if kept and not only:
        lines.append(("note", t("notebook.kept_one" if len(kept) == 1 else "notebook.kept_many", steps=spans(kept))))
    if only:
        r = report.results[only[0].number]
        if r.state == "done":
            if r.kept:
                lines.append(("note", t("notebook.kept_step", number=r.step.number)))
            lines += [("", line) for line in seen.seen_lines(r, language)]
            _remember_done([r.step.number], target)
        return lines
    for r in _newly_done(report, target):
        lines.append(("done", f"✔ {t('ui.step', number=r.step.number, total=len(steps()))} · {r.step.title_in(language)}"))
        lines += [("", "  " + line) for line in seen.seen_lines(r, language)]
    if report.first_not_done() is None:
        card = seen.card_lines(report, language)
        lines += [("title", t("ui.card_title")), *(("", line) for line in card)] if card else []
    return lines


def run_try(target: str, texts: list[str], result_file: str) -> int:
    import contextlib
    import io

    from kata.cli import main

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = main(["try", "--target", target, *texts])
    Path(result_file).write_text(json.dumps({"code": code, "output": _relabel(out.getvalue(), Path(target).resolve())}),
                                 encoding="utf-8")
    return code




def main(argv=None) -> int:
    import argparse

    parser = argparse.ArgumentParser(prog="python -m kata.notebook", description="The notebooks' checking process.")
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("run-check", help="(the notebooks' checking process)")
    p.add_argument("--target", required=True)
    p.add_argument("--step", type=int)
    p.add_argument("--fresh", action="store_true")
    p.add_argument("--result", required=True)
    p = sub.add_parser("run-try", help="(the notebooks' make try)")
    p.add_argument("--target", required=True)
    p.add_argument("--result", required=True)
    p.add_argument("text", nargs="*")
    args = parser.parse_args(argv)
    if args.command == "run-check":
        return run_check(args.target, args.step, args.result, args.fresh)
    return run_try(args.target, args.text, args.result)
