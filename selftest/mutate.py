"""Mistakes generated from the post's knobs: the reference solution with one knob set to another value.

A step's checks list its knobs (`KNOBS` in tests/test_NN_name.py, kata.judge.knobs.Knob): each says where it is
written in the post's code (a keyword or a position of a call). `mutate` rewrites the solution's source there
(every call of that name, and the `also` calls that carry the same keyword, such as `dict(padding=...)`; among
several, those that write the post's value); a keyword the solution leaves at its default is added to the call;
a knob that is the callee itself (`arg=None`) renames the call, or leaves it out. A knob that is not an argument
names the pieces of code that hold it instead (`at="rank + {}"`): each piece written with the post's value is
rewritten. A value that names a module the solution does not import (`[keras.callbacks.EarlyStopping(...)]`)
gets its import.
A knob with no `arg` whose `call` is not the post's value is written otherwise: `call` is the name of a
module-level constant (`NUM_WORDS = 10000`, also within `START, UNK = 1, 2`), whose value is replaced; or, when
the value is None (or False where the post's is True), a step of the post's code left out: every call of that
name gives way to what it was applied to (`text.lower()` -> `text`, `tf.strings.lower(texts)` -> `texts`), and
the name leaves the lists it is in (`[START]` -> `[]`).
"""

from __future__ import annotations

import ast
import builtins
import importlib.util
from pathlib import Path

from kata.judge.knobs import Code, code, fill
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
    return ast.parse(code(value), mode="eval").body


def _snippet(text: str) -> ast.AST:
    """A piece of code as one node: an expression, else a single statement."""
    try:
        return ast.parse(text, mode="eval").body
    except SyntaxError:
        body = ast.parse(text).body
        assert len(body) == 1, f"a knob's place is one expression or one statement: {text!r}"
        return body[0]


class _Swap(ast.NodeTransformer):
    """Every node written `old` (an ast.dump) becomes a fresh copy of the code `new`."""

    def __init__(self, old: str, new: str):
        self.old, self.new, self.count = old, new, 0

    def visit(self, node):
        if ast.dump(node) == self.old:
            self.count += 1
            return ast.copy_location(_snippet(self.new), node)
        return self.generic_visit(node)


def _replace_at(tree: ast.AST, knob, value) -> bool:
    """Every piece of the post's code that holds the knob (`knob.places`, filled with the post's value), written
    with `value` instead. True when one was found."""
    count = 0
    for place in knob.places:
        swap = _Swap(ast.dump(_snippet(fill(place, knob.post))), fill(place, value))
        swap.visit(tree)
        count += swap.count
    return count > 0


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
    """The source with `knob` set to `value` wherever the post's code writes it, or None when it is nowhere.

    Among several calls that write the setting (two `Dense` layers), those that write the post's value are
    the knob's (`Dense(16, ...)` for the hidden layer's units, `Dense(1, ...)` for the output's). A knob
    with `arg=None` is the callee itself: its call is renamed (`GlobalMaxPooling1D()`), or left out (None)."""
    tree = ast.parse(source)
    if knob.places:
        changed = _replace_at(tree, knob, value)
        return ast.unparse(ast.fix_missing_locations(tree)) if changed else None
    if knob.arg is None and knob.call and not knob.callee:
        if _left_out(knob, value):
            leave = _LeaveOut(knob.call)
            tree = leave.visit(tree)
            changed = leave.changed
        else:
            changed = _constant(tree, knob.call, value)
        return ast.unparse(ast.fix_missing_locations(tree)) if changed else None
    calls = [n for n in ast.walk(tree) if isinstance(n, ast.Call) and _name(n.func) in {knob.call, *knob.also}]
    if knob.arg is None:
        return _callee(tree, [n for n in calls if _name(n.func) == knob.call], value)
    sites = []  # (node, field, index): where the setting is written
    for node in calls:
        if isinstance(knob.arg, str):
            sites += [(kw, "value", None) for kw in node.keywords if kw.arg == knob.arg]
        elif isinstance(knob.arg, int) and _name(node.func) == knob.call and len(node.args) > knob.arg:
            sites.append((node, "args", knob.arg))
    post = [site for site in sites if _writes(_get(*site), knob.post)]
    for site in post or sites:
        _set(*site, _value(value))
    changed = bool(sites)
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


def _get(node, field, index):
    return getattr(node, field) if index is None else getattr(node, field)[index]


def _set(node, field, index, value) -> None:
    if index is None:
        setattr(node, field, value)
    else:
        getattr(node, field)[index] = value


def _writes(expr: ast.expr, value) -> bool:
    """Whether `expr` is the code of `value` (a literal equal to it, of its type; or the code it is)."""
    if isinstance(value, Code):
        return ast.unparse(expr) == str(value)
    try:
        literal = ast.literal_eval(expr)
    except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
        return False
    return type(literal) is type(value) and literal == value


def _callee(tree: ast.Module, calls: list, value) -> str | None:
    """The calls renamed to `value` (`keras.layers.X()` becomes `keras.layers.value()`), or left out (None):
    taken out of their list or tuple, or their statement removed."""
    if not calls:
        return None
    parents = {id(child): node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}
    for node in calls:
        if value is not None:
            if isinstance(node.func, ast.Attribute):
                node.func.attr = value
            elif isinstance(node.func, ast.Name):
                node.func.id = value
            continue
        parent = parents.get(id(node))
        if isinstance(parent, (ast.List, ast.Tuple)):
            parent.elts.remove(node)
        elif isinstance(parent, ast.Expr):
            holder = parents[id(parent)]
            body = next(b for b in (getattr(holder, f, None) for f in ("body", "orelse", "finalbody"))
                        if isinstance(b, list) and parent in b)
            body.remove(parent)
            if not body:
                body.append(ast.Pass())
        else:
            return None
    return ast.unparse(ast.fix_missing_locations(tree))


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
