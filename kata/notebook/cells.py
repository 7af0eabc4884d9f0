"""A notebook's exercise cells as files: each step's cell is marked by its first line (`# kata: 04_pad`); a
check writes the latest executed source of every marked cell into a folder of the notebook's own, and a step
whose cell has not run, or runs unchanged, is written as its untouched stub (so it reads "not started")."""

from __future__ import annotations

import ast
import os
import re
import textwrap
from pathlib import Path

from kata.manifest import ROOT, Step, steps
from kata.shared import digest

MARK = "# kata: "
_MARKED = re.compile(r"\A\s*#\s*kata:\s*(\d\d_\w+)[ \t]*$", re.M)
NOTEBOOKS = ROOT / "notebooks"
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
    try:
        data = s.exercise().read_bytes()
    except OSError:
        data = None
    if data is not None and digest.of_bytes(data) == s.stub_digest:
        return data
    from kata.cli.reset import stub_text  # exercises/ edited: the stub from git history

    text = stub_text(s)
    return text.encode("utf-8") if text is not None else None



def folder() -> Path:
    """Where this notebook's cells are written as files: KATA_NOTEBOOK_DIR, or .kata/notebook/<notebook name>."""
    if os.environ.get("KATA_NOTEBOOK_DIR"):
        return Path(os.environ["KATA_NOTEBOOK_DIR"]).resolve()
    name = Path(os.environ.get("JPY_SESSION_NAME") or "kata").stem
    return ROOT / ".kata" / "notebook" / (re.sub(r"[^\w.-]", "_", name) or "kata")


def sources(history=None) -> dict[str, str]:
    """slug -> the latest executed source of the cell marked `# kata: <slug>` (the kernel's `In`)."""
    if history is None:
        from kata.notebook.panel import shell

        kernel = shell()
        history = (kernel.user_ns.get("In") if kernel is not None else None) or []
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


