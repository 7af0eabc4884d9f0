"""Mistakes generated from the post's knobs: the reference solution with one knob set to another value.

A step's checks list its knobs (`KNOBS` in tests/test_NN_name.py, kata.judge.knobs.Knob): each says where it is
written in the post's code (a keyword or a position of a call). `mutate` rewrites the solution's source there
(every call of that name, and the `also` calls that carry the same keyword, such as `dict(padding=...)`); a
keyword the solution leaves at its default is added to the call. A value that names a module the solution does
not import (`[keras.callbacks.EarlyStopping(...)]`) gets its import.
"""

from __future__ import annotations

import ast
import builtins
import importlib.util
from pathlib import Path

from kata.manifest import ROOT, Step


def knobs_of(step: Step) -> list:
    """The KNOBS a step's checks declare (an empty list where it has none)."""
    path = step.test()
    spec = importlib.util.spec_from_file_location(f"_knobs_{step.name}", path)
    if spec is None or spec.loader is None:
        return []
    text = path.read_text(encoding="utf-8")
    if "KNOBS" not in text:
        return []
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return list(getattr(module, "KNOBS", []))


def _name(func) -> str:
    return func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""


def _value(value) -> ast.expr:
    if isinstance(value, type):
        return ast.parse(value.__name__, mode="eval").body
    return ast.parse(repr(value), mode="eval").body


def mutate(source: str, knob, value) -> str | None:
    """The source with `knob` set to `value` wherever the post's code writes it, or None when it is nowhere."""
    tree = ast.parse(source)
    calls = [n for n in ast.walk(tree) if isinstance(n, ast.Call) and _name(n.func) in {knob.call, *knob.also}]
    changed = False
    for node in calls:
        if isinstance(knob.arg, str):
            for kw in node.keywords:
                if kw.arg == knob.arg:
                    kw.value, changed = _value(value), True
        elif isinstance(knob.arg, int) and _name(node.func) == knob.call and len(node.args) > knob.arg:
            node.args[knob.arg], changed = _value(value), True
    if not changed and isinstance(knob.arg, str):  # left at its default in the post's code: written out
        for node in calls:
            if _name(node.func) == knob.call:
                node.keywords.append(ast.keyword(arg=knob.arg, value=_value(value)))
                changed = True
    if not changed:
        return None
    _import_modules(tree, _value(value))
    return ast.unparse(ast.fix_missing_locations(tree))


def _import_modules(tree: ast.Module, written: ast.expr) -> None:
    """`import name` at the top of the module for each module a written value names and the module lacks."""
    bound = {a.asname or a.name.split(".")[0] for n in tree.body if isinstance(n, (ast.Import, ast.ImportFrom))
             for a in n.names}
    bound |= {n.name for n in tree.body if isinstance(n, (ast.FunctionDef, ast.ClassDef))}
    names = sorted({n.id for n in ast.walk(written) if isinstance(n, ast.Name)} - bound - set(dir(builtins)))
    at = 1 if tree.body and isinstance(tree.body[0], ast.Expr) and isinstance(tree.body[0].value, ast.Constant) else 0
    for name in reversed(names):
        if importlib.util.find_spec(name) is not None:
            tree.body.insert(at, ast.Import(names=[ast.alias(name=name)]))


def generated(step: Step, folder: Path) -> list[tuple[Path, object, object]]:
    """(file, knob, value) for every single-knob change of the step's solution, written into `folder`."""
    source = (ROOT / "solutions" / f"{step.slug}.py").read_text(encoding="utf-8")
    out = []
    for knob in knobs_of(step):
        for i, value in enumerate(knob.others):
            text = mutate(source, knob, value)
            assert text is not None, f"{step.slug}: knob {knob.name} is written nowhere in the solution ({knob.call})"
            path = folder / f"knob_{knob.name}_{i}.py"
            path.write_text(text, encoding="utf-8")
            out.append((path, knob, value))
    return out
