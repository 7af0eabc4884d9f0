"""The kata in a Jupyter (or Colab) notebook: `kata.check()`, `kata.hint()`, `kata.solution()`.

    import kata
    kata.check("pad")            # or kata.check(4); kata.check() checks every step in order
    kata.hint(4)                 # the next hint of step 4 (level=k to choose)
    kata.solution(4, confirm=True)

Each step's exercise is one code cell whose first line is `# kata: 04_pad`. A check takes the latest
executed source of every such cell from the kernel's input history (`In`), writes them as files into
a folder of the notebook's own (`.kata/notebook/<name>/04_pad.py`; a step whose cell has not run, or
runs unchanged, is written as its untouched stub, so it reads "not started"), and runs the kata's own
checks on that folder in a separate process: the same judge and learner processes as `make check`,
nothing of the learner's imported here. What the learner's code prints while it is checked (step 8's
epochs) streams into the cell; the verdict is shown as HTML, never as a traceback.

Only `check`, `hint`, `solution`, `try_review` and the `%kata` magic run in the kernel; the checking
process is `python -m kata.notebook run-check` (below), and `python -m kata.notebook build` writes
notebooks/kata.ipynb and notebooks/colab.ipynb from the manifest and the stubs.
"""

from __future__ import annotations

import ast
import html
import json
import os
import re
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

from kata.i18n import t
from kata.manifest import ROOT, Step, step, steps

MARK = "# kata: "
_MARKED = re.compile(r"\A\s*#\s*kata:\s*(\d\d_\w+)[ \t]*$", re.M)
NOTEBOOKS = ROOT / "notebooks"
COLORS = {"done": "#1a7f37", "not_started": "#6e7781"}  # any other state: red
RED = "#cf222e"


# --- the cells: what the notebooks hold, made from the stubs ------------------------------------------------

def _split(text: str) -> tuple[str, str]:
    """(module docstring, the code after it) of an exercise or solution file; the code without the
    `if __name__ == "__main__":` block (a notebook cell runs as __main__: that block would run there)."""
    tree = ast.parse(text)
    lines = text.splitlines()
    doc, start = "", 0
    if tree.body and isinstance(tree.body[0], ast.Expr) and isinstance(getattr(tree.body[0], "value", None), ast.Constant) \
            and isinstance(tree.body[0].value.value, str):
        doc, start = tree.body[0].value.value, tree.body[0].end_lineno
    drop = set()
    for node in tree.body:
        if isinstance(node, ast.If) and "__name__" in ast.unparse(node.test):
            drop.update(range(node.lineno - 1, node.end_lineno))
    code = [line for i, line in enumerate(lines) if i >= start and i not in drop]
    return doc, "\n".join(code).strip("\n") + "\n"


def cell_code(s: Step, text: str) -> str:
    """A step's exercise cell: its mark line, then the file's code."""
    return f"{MARK}{s.slug}\n{_split(text)[1]}"


def instructions(s: Step) -> str:
    """The step's markdown cell: its titles, then the stub's EN and PT instructions."""
    doc = _split(s.exercise().read_text(encoding="utf-8"))[0]
    body = [line for line in doc.splitlines()[1:] if not line.startswith("Check:")]
    text = textwrap.dedent("\n".join(body)).strip("\n")
    return (f"## {s.number} · {s.title_in('en')}\n*{s.title_in('pt_BR')}*\n\n"
            f"```text\n{text}\n```")


def _same(a: str, b: str) -> bool:
    norm = lambda x: [line.rstrip() for line in x.strip().splitlines()]  # noqa: E731
    return norm(a) == norm(b)


def _stub(s: Step) -> bytes | None:
    """The untouched stub of a step, byte for byte (its hash is what makes it "not started")."""
    import hashlib

    try:
        data = s.exercise().read_bytes()
    except OSError:
        data = None
    if data is not None and hashlib.sha256(data).hexdigest() == s.stub_digest:
        return data
    from kata.cli import stub_text  # exercises/ edited: the stub from git history

    text = stub_text(s)
    return text.encode("utf-8") if text is not None else None


# --- the kernel side ----------------------------------------------------------------------------------------

_seen_hints: dict[str, int] = {}
_current: list = [None]  # the step the last kata.check() stopped at


def _shell():
    try:
        from IPython import get_ipython
    except ImportError:
        return None
    return get_ipython()


def folder() -> Path:
    """Where this notebook's cells are written as files: KATA_NOTEBOOK_DIR, or .kata/notebook/<notebook name>."""
    if os.environ.get("KATA_NOTEBOOK_DIR"):
        return Path(os.environ["KATA_NOTEBOOK_DIR"]).resolve()
    name = Path(os.environ.get("JPY_SESSION_NAME") or "kata").stem
    return ROOT / ".kata" / "notebook" / (re.sub(r"[^\w.-]", "_", name) or "kata")


def sources(history=None) -> dict[str, str]:
    """slug -> the latest executed source of the cell marked `# kata: <slug>` (the kernel's `In`)."""
    if history is None:
        shell = _shell()
        history = (shell.user_ns.get("In") if shell is not None else None) or []
    found = {}
    known = {s.slug for s in steps()}
    for source in history:
        match = _MARKED.match(source or "")
        if match and match.group(1) in known:
            found[match.group(1)] = source
    return found


def write_folder(cells: dict[str, str], where: Path | None = None) -> Path:
    """Write every step's file into the notebook's folder: the cell's source, or the stub when the cell has not
    run or is still the stub's code."""
    where = where or folder()
    where.mkdir(parents=True, exist_ok=True)
    for s in steps():
        source, stub = cells.get(s.slug), _stub(s)
        if source is None or (stub is not None and _same(source, cell_code(s, stub.decode("utf-8")))):
            if stub is None and not s.exercise().exists():
                continue  # no stub anywhere: the checks say the file is missing
            data = stub if stub is not None else cell_code(s, s.exercise().read_text(encoding="utf-8")).encode()
        else:
            data = (source.rstrip() + "\n").encode("utf-8")
        path = where / f"{s.slug}.py"
        if not path.exists() or path.read_bytes() != data:
            path.write_bytes(data)
    return where


class Panel:
    """What a notebook tool shows: lines of text, as HTML (escaped, with ✔/✗ colours) and as plain text."""

    def __init__(self, lines: list[tuple[str, str]], markdown: str | None = None):
        self.lines, self.markdown = lines, markdown  # lines: (style, text); style "" or a state or "title"/"code"

    def text(self) -> str:
        return "\n".join(text for _, text in self.lines)

    def __repr__(self) -> str:
        return self.text()

    def _repr_pretty_(self, p, cycle):
        p.text(self.text())

    def _repr_html_(self) -> str | None:
        if self.markdown is not None:  # hints and solutions: their markdown (code blocks) is the richer view
            return None
        out = []
        for style, text in self.lines:
            body = html.escape(text)
            body = re.sub(r"`([^`]+)`", r"<code>\1</code>", body)
            if style == "code":
                out.append(f"<pre style='margin:4px 0'>{html.escape(text)}</pre>")
            elif style == "title":
                out.append(f"<div style='font-weight:bold;margin:2px 0'>{body}</div>")
            elif style:
                color = COLORS.get(style, RED)
                out.append(f"<div style='font-weight:bold;color:{color};margin:2px 0'>{body}</div>")
            else:
                out.append(f"<div style='white-space:pre-wrap;margin:1px 0'>{body}</div>")
        return "<div style='font-family:system-ui,sans-serif;line-height:1.4'>" + "".join(out) + "</div>"

    def _repr_markdown_(self):
        if self.markdown is None:
            return None
        head = "\n\n".join(f"**{text}**" for style, text in self.lines if style == "title")
        return f"{head}\n\n{self.markdown}"


def _show(panel: Panel, handle=None):
    if _shell() is None:
        print(panel.text())
        return None
    from IPython.display import display

    if handle is not None:
        handle.update(panel)
        return handle
    return display(panel, display_id=True)


def _step_or_panel(ref):
    try:
        return step(ref), None
    except KeyError:
        names = ", ".join(f"{s.number}={s.name}" for s in steps())
        return None, Panel([("wrong", t("ui.no_such_step", step=ref, steps=names))])


def _stream(argv: list[str]) -> tuple[int | None, str]:
    """Run `python <argv>` from the kata's folder, its output streamed into the cell; (exit code or None when
    interrupted, the tail of its error output)."""
    env = {**os.environ, "PYTHONIOENCODING": "utf-8", "PYTHONUNBUFFERED": "1"}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    env.pop("MPLBACKEND", None)  # the kernel's inline backend means nothing to the checks
    with tempfile.TemporaryFile() as err:
        proc = subprocess.Popen([sys.executable, *argv], cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=err,
                                stdin=subprocess.DEVNULL, start_new_session=os.name == "posix")
        import codecs

        decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
        try:
            while True:
                data = os.read(proc.stdout.fileno(), 1 << 14)
                if not data:
                    break
                sys.stdout.write(decoder.decode(data))
                sys.stdout.flush()
            code = proc.wait()
        except KeyboardInterrupt:  # the notebook's stop button: end the checks and what they started
            _stop(proc)
            return None, ""
        finally:
            proc.stdout.close()
        err.seek(0)
        lines = [line for line in err.read().decode("utf-8", "replace").splitlines() if line.strip()]
    return code, " | ".join(lines[-3:])[-400:]


def _run_for_result(argv: list, positional=()) -> tuple:
    """`python -m kata.notebook <argv> --result FILE <positional>`, its output streamed here: (its exit code,
    or None when interrupted; the tail of what it printed; the JSON it left in FILE, or None)."""
    with tempfile.TemporaryDirectory(prefix="kata-nb-") as tmp:
        result_file = Path(tmp) / "result.json"
        rest = ["--", *positional] if positional else []  # texts that start with "-" are texts too
        code, tail = _stream(["-m", "kata.notebook", *argv, "--result", str(result_file), *rest])
        try:
            result = json.loads(result_file.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            result = None
    return code, tail, result


def _stop(proc) -> None:
    import signal

    try:
        if os.name == "posix":
            os.killpg(proc.pid, signal.SIGTERM)
        else:
            proc.terminate()
        proc.wait(timeout=10)
    except (OSError, subprocess.TimeoutExpired):
        proc.kill()
        proc.wait()


def check(ref=None) -> None:
    """Check one step (`kata.check("pad")`, `kata.check(4)`) or every step in order (`kata.check()`), as
    `make check` does, on this notebook's cells. The verdict is shown in the cell."""
    only = None
    if ref is not None:
        only, panel = _step_or_panel(ref)
        if panel:
            _show(panel)
            return None
    cells = sources()
    where = write_folder(cells)
    handle = _show(Panel([("title", t("notebook.checking", number=only.number) if only else t("notebook.checking_all"))]))
    code, tail, result = _run_for_result(["run-check", "--target", str(where),
                                          *(["--step", str(only.number)] if only else [])])
    if code is None:
        _show(Panel([("wrong", t("notebook.interrupted"))]), handle)
        return None
    if result is None:
        _show(Panel([("wrong", t("notebook.failed", code=code, tail=tail or "-"))]), handle)
        return None
    _show(_verdict(result, only, cells), handle)
    states = {int(k): v for k, v in result["states"].items()}
    if only and states.get(only.number) == "done" and only.name == "plot":
        show_plots()
    if only and states.get(only.number) == "done" and only.name == "predict":
        try_review()
    return None


def _verdict(result: dict, only, cells) -> Panel:
    from kata.cli import hints

    lines = []
    if result.get("progress"):
        lines.append(("title", result["progress"]))
    current = result.get("current")
    if current is None:
        if only:
            lines.append(("done", f"✔ {t('ui.step', number=only.number, total=result['total'])} · "
                                  f"{only.title_in(_lang())}: {t('ui.done')}"))
        else:
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
    from kata.cli import hints

    s, panel = _step_or_panel(ref if ref is not None else (_current[0] or 1))
    if panel:
        _show(panel)
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
    _show(Panel([("title", title), ("", levels[k - 1]), ("", more)], markdown=f"{levels[k - 1]}\n\n{more}"))
    return None


def solution(ref=None, confirm: bool = False) -> None:
    """A step's reference solution, shown only with confirm=True (a spoiler)."""
    s, panel = _step_or_panel(ref if ref is not None else (_current[0] or 1))
    if panel:
        _show(panel)
        return None
    if not confirm:
        _show(Panel([("title", t("notebook.solution_confirm", number=s.number))]))
        return None
    path = s.solution()
    if not path.exists():
        _show(Panel([("wrong", t("notebook.no_solution", number=s.number, file=f"solutions/{path.name}"))]))
        return None
    code = path.read_text(encoding="utf-8")
    _show(Panel([("title", t("ui.spoiler", number=s.number)), ("code", code)], markdown=f"```python\n{code}```"))
    return None


def try_review(*texts: str) -> None:
    """Your step 11 on reviews (the kata's examples by default), with the kata's trained model, as `make try`."""
    if any(not isinstance(x, str) or not x.strip() for x in texts):
        _show(Panel([("wrong", t("notebook.no_texts"))]))
        return None
    where = write_folder(sources())
    handle = _show(Panel([("title", t("notebook.predictions"))]))
    code, tail, result = _run_for_result(["run-try", "--target", str(where)], texts)
    if code is None:
        _show(Panel([("wrong", t("notebook.interrupted"))]), handle)
    elif result is None:
        _show(Panel([("wrong", t("notebook.failed", code=code, tail=tail or "-"))]), handle)
    else:
        _show(Panel([("title", t("notebook.predictions")), ("code", result["output"].rstrip())]), handle)
    return None


def _training_history() -> dict:
    """The kata's own training history (40 epochs) when it is stored here, else the made-up one step 10's
    checks use (tests/test_10_plot.py)."""
    try:  # read from the judge's cache as stored (nothing is built or trained here)
        from kata.shared import cache
        from kata.judge import oracle

        marker = cache.get_json(oracle._reference_marker(), cache.folder("judge"))
        stored = cache.get_json(marker["key"], cache.folder("judge")) if isinstance(marker, dict) else None
        history = stored.get("history") if isinstance(stored, dict) else None
        if isinstance(history, dict) and all(k in history for k in ("loss", "val_loss", "accuracy", "val_accuracy")):
            return history
    except Exception:  # no data, no cache: the made-up history still shows the plots
        pass
    tree = ast.parse(step("plot").test().read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(getattr(x, "id", "") == "HISTORY" for x in node.targets):
            return ast.literal_eval(node.value)
    return {}


def show_plots() -> None:
    """Step 10 inline: the learner's plot_history (as defined in this kernel) drawn on the kata's training. For
    display only: the verdict came from the checks."""
    shell = _shell()
    fn = shell.user_ns.get("plot_history") if shell is not None else None
    if not callable(fn):
        _show(Panel([("", t("notebook.plots_missing"))]))
        return None
    from IPython.display import Image, display

    history = {k: list(v) for k, v in _training_history().items()}
    with tempfile.TemporaryDirectory(prefix="kata-plots-") as tmp:
        try:
            figures = fn(history, tmp)
            pictures = [Path(tmp) / name for name in ("loss.png", "accuracy.png")]
            shown = [Image(filename=str(p)) for p in pictures if p.exists()]
        except Exception as exc:  # the learner's own code, in their kernel: a sentence, not a traceback
            _show(Panel([("wrong", t("notebook.plots_failed", error=f"{type(exc).__name__}: {exc}"[:300]))]))
            return None
        finally:
            _close_figures(locals().get("figures"))
        _show(Panel([("title", t("notebook.plots", epochs=len(history.get("loss", []))))]))
        for picture in shown:
            display(picture)
    return None


def _close_figures(figures) -> None:
    """Close what plot_history made, so that the inline backend does not draw it a second time."""
    try:
        import matplotlib.pyplot as plt

        for fig in figures if isinstance(figures, (tuple, list)) else []:
            plt.close(fig)
    except Exception:
        pass


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
    _show(Panel([("", t("notebook.magic_usage"))]))
    return None


# --- the checking process (python -m kata.notebook run-check): no IPython here --------------------------------

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
                          lambda m: (m.group(1) + cell[:1].upper() + cell[1:]) if m.group(1) is not None else cell,
                          text, flags=re.M)
    return text


def run_check(target: str, number: int | None, result_file: str) -> int:
    from kata.cli import MARKS, _bar, render_step
    from kata.i18n import lang
    from kata.judge import runner
    from kata.shared.post import quiet_tensorflow

    quiet_tensorflow()
    where = Path(target).resolve()
    only = [step(number)] if number else None
    sys.stdout.flush()
    live = os.fdopen(os.dup(sys.stdout.fileno()), "wb", buffering=0)  # the learner's output, streamed to the cell
    try:
        report = runner.run(target=str(where), only=only, stop=not only, live=live)
    finally:
        live.close()
    total = len(steps())
    result = {"total": total, "states": {r.step.number: r.state for r in report}, "progress": None, "current": None}
    if not only:
        marks = " ".join(f"{r.step.number}{MARKS[r.state]}" for r in report)
        result["progress"] = f"IMDB kata {_bar(report.done(), total)}   {marks}"
    current = report.first_not_done()
    if current is not None:
        lines = [_relabel(line, where) for line in render_step(current, lang())]
        result["current"] = {"number": current.step.number, "state": current.state, "lines": lines}
    Path(result_file).write_text(json.dumps(result), encoding="utf-8")
    return 0 if current is None else 1


def run_try(target: str, texts: list[str], result_file: str) -> int:
    import contextlib
    import io

    from kata import cli

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = cli.main(["try", "--target", target, *texts])
    Path(result_file).write_text(json.dumps({"code": code, "output": _relabel(out.getvalue(), Path(target).resolve())}),
                                 encoding="utf-8")
    return code


# --- the notebooks: python -m kata.notebook build ---------------------------------------------------------------

COLAB_SETUP = """\
# Colab: the kata from its repository (its checks, hints and tools), then the IMDB data. About a minute.
REPO_URL = "https://github.com/OWNER/imdb-kata"  # <- the kata's repository: your fork, or your teacher's copy
%cd /content
![ -d imdb-kata ] || GIT_TERMINAL_PROMPT=0 git clone --quiet --depth 1 {REPO_URL} imdb-kata
%pip install --quiet -e imdb-kata
%cd /content/imdb-kata
from kata.datasets import imdb
_ = imdb.load_data(num_words=10000), imdb.get_word_index()
print("IMDB data ready")"""


def _both(key: str) -> str:
    return f"{t(key, 'en')}\n\n*{t(key, 'pt_BR')}*"


def notebook(source: str = "exercises", colab: bool = False):
    """The kata's notebook as an nbformat node: per step, its instructions and its exercise cell (the code of
    `source`/NN_name.py: exercises for the learner's notebook, solutions for the self-tests), then its check."""
    import nbformat.v4 as v4

    cells = []
    if colab:
        cells.append(v4.new_code_cell(COLAB_SETUP, id="colab-setup", metadata={"tags": ["skip-offline"]}))
    title = f"# {t('notebook.title', 'en')}\n*{t('notebook.title', 'pt_BR')}*"
    intro = [title, _both("notebook.colab")] if colab else [title]
    cells.append(v4.new_markdown_cell("\n\n".join([*intro, _both("notebook.intro")]), id="intro"))
    cells.append(v4.new_markdown_cell(_both("notebook.setup"), id="setup-note"))
    cells.append(v4.new_code_cell('import kata  # kata.check(), kata.hint(), kata.solution()\n'
                                  '# import os; os.environ["KATA_LANG"] = "pt_BR"  # mensagens em português',
                                  id="setup"))
    for s in steps():
        code = cell_code(s, (ROOT / source / f"{s.slug}.py").read_text(encoding="utf-8"))
        cells.append(v4.new_markdown_cell(instructions(s), id=f"step-{s.slug}-text"))
        cells.append(v4.new_code_cell(code, id=f"step-{s.slug}", metadata={"tags": ["kata-exercise", f"kata-{s.slug}"]}))
        cells.append(v4.new_code_cell(f'kata.check("{s.name}")', id=f"check-{s.slug}",
                                      metadata={"tags": ["kata-check"]}))
    cells.append(v4.new_markdown_cell(_both("notebook.finale"), id="finale"))
    cells.append(v4.new_code_cell("kata.check()", id="check-all", metadata={"tags": ["kata-check"]}))
    cells.append(v4.new_code_cell('kata.try_review("A wonderful, moving film. The acting is superb.", '
                                  '"Dull and far too long.")', id="try", metadata={"tags": ["kata-try"]}))
    metadata = {"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"},
                "language_info": {"name": "python"}}
    if colab:
        metadata["colab"] = {"provenance": []}
    return v4.new_notebook(cells=cells, metadata=metadata)


def text_of(nb) -> str:
    import nbformat

    return nbformat.writes(nb, version=4) + "\n"


def build(where: Path = NOTEBOOKS) -> list[Path]:
    where.mkdir(parents=True, exist_ok=True)
    written = []
    for name, colab in (("kata.ipynb", False), ("colab.ipynb", True)):
        path = where / name
        path.write_text(text_of(notebook(colab=colab)), encoding="utf-8")
        written.append(path)
    return written


def main(argv=None) -> int:
    import argparse

    parser = argparse.ArgumentParser(prog="python -m kata.notebook", description="The kata's notebooks.")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("build", help="write notebooks/kata.ipynb and notebooks/colab.ipynb from the stubs")
    p = sub.add_parser("run-check", help="(the notebooks' checking process)")
    p.add_argument("--target", required=True)
    p.add_argument("--step", type=int)
    p.add_argument("--result", required=True)
    p = sub.add_parser("run-try", help="(the notebooks' make try)")
    p.add_argument("--target", required=True)
    p.add_argument("--result", required=True)
    p.add_argument("text", nargs="*")
    args = parser.parse_args(argv)
    if args.command == "build":
        for path in build():
            print(f"wrote {path.relative_to(ROOT)}")
        return 0
    if args.command == "run-check":
        return run_check(args.target, args.step, args.result)
    return run_try(args.target, args.text, args.result)


if __name__ == "__main__":
    sys.exit(main())
