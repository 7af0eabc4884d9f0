"""A graded copy's fingerprint (grade/<learner>/fingerprint.json): what kata.judge.similar compares, kept small.

- Its code, step by step, as normalised fragments: every statement of an exercise file (a compound statement by
  its header: `def`, `for`, `if`, `with`...), with the names the file binds (variables, functions, parameters,
  import aliases) all written `_`, docstrings and string statements left out, comments gone (ast), the
  whitespace made one space. A set per step: renaming, commenting and reordering change nothing.
- Its step-14 model, as its answers on a fixed probe set: the test reviews 0, 25, 50, ... (1,000 of them), each
  as one bit (probability > 0.5), and a digest of the probabilities rounded to 4 decimals (the same digest:
  the same model, to all purposes). The judge works them out from the predictions it already counts.

Bounds: a file over MAX_SOURCE bytes or that does not parse gives no fragments; at most MAX_UNITS fragments per
step, each at most MAX_UNIT characters (a longer one ends with a digest of the whole).
"""

from __future__ import annotations

import ast
import copy
import hashlib
import json
import re
from pathlib import Path

from kata.shared import framing

FORMAT = 1
NAME = "fingerprint.json"
MAX_SOURCE = 1_000_000  # bytes
MAX_UNITS = 400  # fragments per step
MAX_UNIT = 160  # characters
MAX_FILE = 2_000_000  # bytes of a fingerprint.json read back
PROBE_EVERY = 25  # the probe set: every 25th of the 25,000 test reviews
PROBE_SIZE = 1000
HEX = re.compile(r"[0-9a-f]{1,1000}")


def _bound(tree: ast.AST) -> set[str]:
    """The names a file binds: assigned, defined, parameters, imported, caught, declared."""
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and not isinstance(node.ctx, ast.Load):
            names.add(node.id)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, ast.arg):
            names.add(node.arg)
        elif isinstance(node, ast.alias):
            names.add(node.asname or node.name.split(".")[0])
        elif isinstance(node, (ast.Global, ast.Nonlocal)):
            names.update(node.names)
        elif isinstance(node, ast.ExceptHandler) and node.name:
            names.add(node.name)
    return names


class _Normalise(ast.NodeTransformer):
    def __init__(self, bound: set[str]):
        self.bound = bound

    def visit_Name(self, node):
        if node.id in self.bound:
            node.id = "_"
        return node

    def visit_arg(self, node):
        node.arg, node.annotation = "_", None
        return node

    def visit_alias(self, node):
        node.asname = "_" if node.asname else None
        return node

    def visit_Expr(self, node):
        if isinstance(node.value, ast.Constant) and isinstance(node.value.value, str):
            return None  # a docstring, or a string used as a comment
        return self.generic_visit(node)

    def _named(self, node):
        node.name = "_"
        return self.generic_visit(node)

    visit_FunctionDef = visit_AsyncFunctionDef = visit_ClassDef = _named

    def visit_ExceptHandler(self, node):
        node.name = "_" if node.name else None
        return self.generic_visit(node)

    def generic_visit(self, node):
        super().generic_visit(node)
        if isinstance(getattr(node, "body", None), list) and not node.body and not isinstance(node, ast.Module):
            node.body = [ast.Pass()]  # a body that held only a docstring
        return node


COMPOUND = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.For, ast.AsyncFor, ast.While, ast.If, ast.With,
            ast.AsyncWith)


def _unit(node: ast.stmt) -> str | None:
    """One statement as a fragment: a compound statement by its header only."""
    if isinstance(node, (ast.Try, ast.Pass)) or type(node).__name__ in ("Match", "TryStar"):
        return None
    if isinstance(node, COMPOUND):
        node = copy.copy(node)
        node.body = [ast.Pass()]
        if hasattr(node, "orelse"):
            node.orelse = []
    try:
        text = " ".join(ast.unparse(node).split())
    except Exception:  # noqa: BLE001 - a node the unparser does not know: no fragment
        return None
    text = text.removesuffix(": pass")
    if len(text) > MAX_UNIT:
        text = text[:MAX_UNIT - 10] + "…" + hashlib.sha256(text.encode()).hexdigest()[:9]
    return text


def units(source: str) -> list[str]:
    """The normalised fragments of a source file (sorted; none when it does not parse)."""
    if len(source) > MAX_SOURCE:
        return []
    try:
        tree = ast.parse(source)
        tree = _Normalise(_bound(tree)).visit(tree)
        found = {u for node in ast.walk(tree) if isinstance(node, ast.stmt) and (u := _unit(node))}
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return []
    return sorted(found)[:MAX_UNITS]


def units_of(path: Path) -> list[str]:
    try:
        if path.is_symlink() or not path.is_file() or path.stat().st_size > MAX_SOURCE:
            return []
        return units(path.read_text(encoding="utf-8", errors="replace"))
    except OSError:
        return []


def probe_of(probabilities) -> dict:
    """A model's answers on the probe set: {"labels": hex bits (> 0.5), "digest": of the rounded probabilities}."""
    import numpy as np

    probs = np.asarray(probabilities, dtype=np.float64).ravel()[::PROBE_EVERY][:PROBE_SIZE]
    bits = np.packbits(probs > 0.5)
    rounded = np.round(probs, 4).astype(np.float32)
    return {"labels": bits.tobytes().hex(), "size": int(probs.size),
            "digest": hashlib.sha256(rounded.tobytes()).hexdigest()[:32]}


def of_copy(exercises: Path, grade) -> dict:
    """The fingerprint of a graded copy: its code per graded step, and its step-14 probe when there is one."""
    out: dict = {"format": FORMAT, "code": {sg.step.slug: units_of(exercises / f"{sg.step.slug}.py") for sg in grade.steps}}
    for sg in grade.steps:
        probe = sg.seen.get("probe") if sg.state != "tampered" else None
        if isinstance(probe, dict) and HEX.fullmatch(str(probe.get("labels"))) and HEX.fullmatch(str(probe.get("digest"))):
            out["probe"] = {"step": sg.step.slug, "labels": probe["labels"], "digest": probe["digest"]}
    return out


def keep(folder: Path, exercises: Path, grade) -> None:
    """Write the copy's fingerprint beside its reports (nothing when it cannot be made: never a copy's failure)."""
    try:
        (folder / NAME).write_text(json.dumps(of_copy(exercises, grade), sort_keys=True) + "\n", encoding="utf-8")
    except Exception:  # noqa: BLE001 - the fingerprint is for the instructor's eyes; the grade stands without it
        pass


def read(folder: Path) -> dict | None:
    path = folder / NAME
    try:
        value = framing.read_json(path, MAX_FILE)  # a plain file, not a link, bounded in size and depth
    except framing.FramingError:
        return None
    if not isinstance(value, dict) or value.get("format") != FORMAT or not isinstance(value.get("code"), dict):
        return None
    return value
