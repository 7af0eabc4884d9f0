"""A learner's source read as text, never run: is a function still the untouched stub?

The judge reads the learner's files this way before any learner process runs (an untouched stub is
"not started" at once); the learner process asks the same question of the function it was told to call.
"""

from __future__ import annotations

import ast
import inspect
import textwrap


def is_stub_def(node) -> bool:
    """A function definition whose body is only a docstring and `raise NotImplementedError`."""
    if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
        return False
    body = node.body
    if body and isinstance(body[0], ast.Expr) and isinstance(getattr(body[0], "value", None), ast.Constant):
        body = body[1:]
    if len(body) != 1 or not isinstance(body[0], ast.Raise) or body[0].exc is None:
        return False
    exc = body[0].exc.func if isinstance(body[0].exc, ast.Call) else body[0].exc
    return getattr(exc, "id", None) == "NotImplementedError"


def is_stub(fn) -> bool:
    """True when fn's body is only a docstring and `raise NotImplementedError` (comments do not count)."""
    try:
        tree = ast.parse(textwrap.dedent(inspect.getsource(fn)))
    except (OSError, TypeError, SyntaxError, IndentationError):
        return False
    return bool(tree.body) and is_stub_def(tree.body[0])
