"""The kata in a Jupyter (or Colab) notebook: `kata.check()`, `kata.hint()`, `kata.solution()`.

    import kata
    kata.check("pad")            # or kata.check(4); kata.check() checks every step in order
    kata.hint(4)                 # the next hint of step 4 (level=k to choose)
    kata.solution(4, confirm=True)

Each step's exercise is one code cell whose first line is `# kata: 04_pad` (kata.notebook.cells). A check
writes the cells as files into a folder of the notebook's own and runs the kata's own checks on that folder in
a separate process (kata.notebook.process): the same judge and learner processes as `make check`, nothing of
the learner's imported here. What the learner's code prints while it is checked (step 8's epochs) streams into
the cell; the verdict is shown as HTML, never as a traceback. Only this package's functions and the `%kata`
magic run in the kernel; `python -m kata dev notebooks` writes the notebooks.
"""

from __future__ import annotations

from kata.i18n import t
from kata.manifest import step, steps
from kata.notebook.cells import sources, write_folder
from kata.notebook.panel import Panel, show
from kata.notebook.plots import show_plots, show_words, try_review
from kata.notebook.runs import run_for_result

__all__ = ["check", "hint", "solution", "try_review", "show_plots", "show_words", "load_ipython_extension"]

_seen_hints: dict[str, int] = {}
_current: list = [None]  # the step the last kata.check() stopped at


def _step_or_panel(ref):
    try:
        return step(ref), None
    except KeyError:
        names = ", ".join(f"{s.number}={s.name}" for s in steps())
        return None, Panel([("wrong", t("ui.no_such_step", step=ref, steps=names))])


def check(ref=None, fresh: bool = False) -> None:
    """Check one step (`kata.check("pad")`, `kata.check(4)`) or every step in order (`kata.check()`), as
    `make check` does, on this notebook's cells: a step unchanged since it passed is not checked again
    (fresh=True: every step is). The verdict is shown in the cell, with the numbers the terminal shows."""
    only = None
    if ref is not None:
        only, panel = _step_or_panel(ref)
        if panel:
            show(panel)
            return None
    cells = sources()
    where = write_folder(cells)
    handle = show(Panel([("title", t("notebook.checking", number=only.number) if only else t("notebook.checking_all"))]))
    code, tail, result = run_for_result(["run-check", "--target", str(where),
                                          *(["--step", str(only.number)] if only else []), *(["--fresh"] if fresh else [])])
    if code is None:
        show(Panel([("wrong", t("notebook.interrupted"))]), handle)
        return None
    if result is None:
        show(Panel([("wrong", t("notebook.failed", code=code, tail=tail or "-"))]), handle)
        return None
    show(_verdict(result, only, cells), handle)
    states = {int(k): v for k, v in result["states"].items()}
    if only and states.get(only.number) == "done" and only.name == "plot":
        show_plots()
    if only and states.get(only.number) == "done" and only.name == "predict":
        try_review()
    if only and states.get(only.number) == "done" and only.name == "words":
        show_words()
    return None


def _verdict(result: dict, only, cells) -> Panel:
    from kata.cli.hints import hints

    lines = []
    if result.get("progress"):
        lines.append(("title", result["progress"]))
    current = result.get("current")
    if current is None and only:
        lines.append(("done", f"✔ {t('ui.step', number=only.number, total=result['total'])} · "
                              f"{only.title_in(_lang())}: {t('ui.done')}"))
    lines += [(str(style), str(text)) for style, text in result.get("shown") or []]
    if current is None:
        if not only:
            lines += [("done", t("ui.all_done", total=result["total"])), ("", t("notebook.all_done"))]
        _current[0] = None if not only else _current[0]
        return Panel(lines)
    s = step(current["number"])
    _current[0] = s.number
    head, *rest = current["lines"]
    lines.append((current["state"], ("· " if current["state"] == "not_started" else "✗ ") + head))
    lines += [("", line) for line in rest]
    if s.slug not in cells:
        lines.append(("", t("notebook.not_run", slug=s.slug)))
    elif current["state"] == "not_started":
        lines.append(("", t("notebook.next_start", slug=s.slug)))
    levels = len(hints(s, _lang()))
    level = min(_seen_hints.get(s.name, 0) + 1, levels)
    lines.append(("", t("notebook.next_hint", level=level, levels=levels, number=s.number)))
    return Panel(lines)


def _lang() -> str:
    from kata import i18n

    return i18n.lang()


def hint(ref=None, level=None) -> None:
    """The next hint of a step (the step the last check stopped at, by default); level=k shows hint k."""
    from kata.cli.hints import hints

    s, panel = _step_or_panel(ref if ref is not None else (_current[0] or 1))
    if panel:
        show(panel)
        return None
    levels = hints(s, _lang())
    try:
        k = int(level) if level is not None else min(_seen_hints.get(s.name, 0) + 1, len(levels))
    except (TypeError, ValueError):
        k = _seen_hints.get(s.name, 0) + 1
    k = max(1, min(k, len(levels)))
    _seen_hints[s.name] = max(_seen_hints.get(s.name, 0), k)
    more = t("notebook.hint_more", number=s.number) if k < len(levels) else t("notebook.hint_last", number=s.number)
    title = t("ui.hint_title", level=k, levels=len(levels), number=s.number, title=s.title_in(_lang()))
    show(Panel([("title", title), ("", levels[k - 1]), ("", more)], markdown=f"{levels[k - 1]}\n\n{more}"))
    return None


def solution(ref=None, confirm: bool = False) -> None:
    """A step's reference solution, shown only with confirm=True (a spoiler)."""
    s, panel = _step_or_panel(ref if ref is not None else (_current[0] or 1))
    if panel:
        show(panel)
        return None
    if not confirm:
        show(Panel([("title", t("notebook.solution_confirm", number=s.number))]))
        return None
    path = s.solution()
    if not path.exists():
        show(Panel([("wrong", t("notebook.no_solution", number=s.number, file=f"solutions/{path.name}"))]))
        return None
    code = path.read_text(encoding="utf-8")
    show(Panel([("title", t("ui.spoiler", number=s.number)), ("code", code)], markdown=f"```python\n{code}```"))
    return None


def load_ipython_extension(shell) -> None:
    """`%load_ext kata`: the `%kata` magic (`%kata check pad`, `%kata hint 4 2`, `%kata solution 4 confirm`)."""
    shell.register_magic_function(_magic, "line", "kata")


def _magic(line: str) -> None:
    import shlex

    try:
        words = shlex.split(line)
    except ValueError:
        words = line.split()
    command, args = (words[0], words[1:]) if words else ("check", [])
    if command == "check" and len(args) <= 1:
        return check(*args)
    if command == "hint" and len(args) <= 2:
        return hint(*args)
    if command == "solution" and 1 <= len(args) <= 2:
        return solution(args[0], confirm=args[1:] == ["confirm"])
    if command == "try" and args:
        return try_review(*args)
    show(Panel([("", t("notebook.magic_usage"))]))
    return None
