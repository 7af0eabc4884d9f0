"""Mistakes generated from the post's knobs: the reference solution with one knob set to another value.

A step's checks list its knobs (`KNOBS` in tests/test_NN_name.py, kata.judge.knobs.Knob): each says where it is
written in the post's code (a keyword or a position of a call). `mutate` rewrites the solution's source there
(every call of that name, and the `also` calls that carry the same keyword, such as `dict(padding=...)`); a
keyword the solution leaves at its default is added to the call.

A knob with no `arg` is written otherwise: `call` is the name of a module-level constant (`NUM_WORDS = 10000`,
also within `START, UNK = 1, 2`), whose value is replaced; or, when the value is None (or False where the post's
is True), a step of the post's code left out: every call of that name gives way to what it was applied to
(`text.lower()` -> `text`, `tf.strings.lower(texts)` -> `texts`), and the name leaves the lists it is in
(`[START]` -> `[]`).
"""

from __future__ import annotations

import ast
import importlib.util
import math
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
    if isinstance(value, float) and not math.isfinite(value):  # repr gives `inf`, not Python source
        return ast.parse(f"float({str(value)!r})", mode="eval").body
    return ast.parse(repr(value), mode="eval").body


def _left_out(knob, value) -> bool:
    return value is None or (value is False and knob.post is True)


class _LeaveOut(ast.NodeTransformer):
    """The post's code without `name`: its calls give way to what they were applied to, it leaves its lists."""

    def __init__(self, name: str):
        self.name, self.changed = name, False

    def visit_Call(self, node):
        self.generic_visit(node)
        if _name(node.func) != self.name:
            return node
        if node.args:
            self.changed = True
            return node.args[0]
        if isinstance(node.func, ast.Attribute):
            self.changed = True
            return node.func.value
        return node

    def visit_List(self, node):
        self.generic_visit(node)
        kept = [e for e in node.elts if not (isinstance(e, ast.Name) and e.id == self.name)]
        if len(kept) != len(node.elts):
            node.elts, self.changed = kept, True
        return node


def _constant(tree: ast.Module, name: str, value) -> bool:
    """The module-level constant `name` set to value (`NAME = ...` or one name of `A, B = ..., ...`)."""
    changed = False
    for node in tree.body:
        if not isinstance(node, ast.Assign) or len(node.targets) != 1:
            continue
        target = node.targets[0]
        if isinstance(target, ast.Name) and target.id == name:
            node.value, changed = _value(value), True
        elif isinstance(target, ast.Tuple) and isinstance(node.value, ast.Tuple) \
                and len(target.elts) == len(node.value.elts):
            for i, element in enumerate(target.elts):
                if isinstance(element, ast.Name) and element.id == name:
                    node.value.elts[i], changed = _value(value), True
    return changed


def mutate(source: str, knob, value) -> str | None:
    """The source with `knob` set to `value` wherever the post's code writes it, or None when it is nowhere."""
    tree = ast.parse(source)
    if knob.arg is None:
        if _left_out(knob, value):
            leave = _LeaveOut(knob.call)
            tree = leave.visit(tree)
            changed = leave.changed
        else:
            changed = _constant(tree, knob.call, value)
        return ast.unparse(ast.fix_missing_locations(tree)) if changed else None
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
    return ast.unparse(ast.fix_missing_locations(tree)) if changed else None


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
