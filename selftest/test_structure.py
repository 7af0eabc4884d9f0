"""The codebase's shape, kept by the tests: the trust boundary in the imports, small modules and functions, no
import circle, every setting declared and documented, lint and types clean.

The figures: no module of kata/ over MAX_LINES lines, no function above complexity MAX_COMPLEXITY (radon's
cyclomatic complexity), no import circle, every `KATA_*` name the project uses declared in
kata/shared/settings.py, README's settings tables as that registry writes them, ruff, mypy (the shared ground
and the judge) and import-linter (the contracts in pyproject.toml) clean.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from kata.manifest import ROOT

MAX_LINES = 350
MAX_COMPLEXITY = 20
PACKAGE = ROOT / "kata"


def _modules() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py") if "__pycache__" not in p.parts)


def test_no_module_is_over_350_lines():
    long = {str(p.relative_to(ROOT)): n for p in _modules() if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES}
    assert not long, f"modules over {MAX_LINES} lines: {long} (split them along their seams)"


def test_no_function_is_too_complex():
    radon = pytest.importorskip("radon.complexity") if not _in_ci() else __import__("radon.complexity").complexity
    found = {}
    for path in _modules():
        for block in radon.cc_visit(path.read_text(encoding="utf-8")):
            if block.complexity > MAX_COMPLEXITY:
                found[f"{path.relative_to(ROOT)}:{block.lineno} {block.fullname}"] = block.complexity
    assert not found, f"functions above complexity {MAX_COMPLEXITY}: {found}"


def _in_ci() -> bool:
    import os

    return bool(os.environ.get("CI"))


def test_no_import_circle():
    import grimp

    graph = grimp.build_graph("kata")
    circles = []
    for importer in sorted(graph.modules):
        for imported in graph.find_modules_directly_imported_by(importer):
            if imported != importer and graph.find_shortest_chain(importer=imported, imported=importer):
                circles.append(f"{importer} <-> {imported}")
    assert not circles, f"import circles: {sorted(set(circles))}"


def test_the_trust_boundary_holds():
    """import-linter's contracts (pyproject.toml): the judge and the learner process never import each other,
    the shared ground imports neither, the learner process loads nothing of the tools."""
    done = subprocess.run([str(Path(sys.executable).with_name("lint-imports"))], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-2000:]


def test_ruff_is_clean():
    done = subprocess.run([sys.executable, "-m", "ruff", "check", "--no-cache", "kata", "selftest", "tests", "exercises",
                           "solutions"], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-2000:]


def test_mypy_is_clean_on_the_shared_ground_and_the_judge():
    done = subprocess.run([sys.executable, "-m", "mypy", "kata/shared", "kata/judge"], cwd=ROOT, capture_output=True,
                          text=True)
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-2000:]


# --- settings ---------------------------------------------------------------------------------------------

SEARCHED = ("kata", "tests", "selftest", "Makefile", ".ci", ".github", "docs")


def _names_used() -> set[str]:
    names = set()
    for top in SEARCHED:
        base = ROOT / top
        files = [base] if base.is_file() else [p for p in base.rglob("*") if p.is_file() and "__pycache__" not in p.parts
                                               and not p.is_relative_to(ROOT / ".ci" / "tools")]  # installed validators
        for path in files:
            if path.name in ("settings.toml", "settings.py"):  # the registry itself
                continue
            try:
                names.update(re.findall(r"\bKATA_[A-Z][A-Z0-9_]*[A-Z0-9]\b", path.read_text(encoding="utf-8")))
            except (UnicodeDecodeError, OSError):
                continue
    return names


def test_every_setting_is_declared_with_its_meaning():
    from kata.shared.settings import BY_NAME

    missing = sorted(_names_used() - set(BY_NAME))
    assert not missing, f"KATA_* names used but not declared in kata/shared/settings.py: {missing}"
    unused = sorted(set(BY_NAME) - _names_used() - {"KATA_RESULTS", "KATA_CLASSROOM"})
    assert not unused, f"declared but never used: {unused}"
    for s in BY_NAME.values():
        assert s.en.strip() and s.pt_BR.strip() and s.who in ("learner", "instructor", "developer", "internal"), s.name


@pytest.mark.parametrize("lang", ["en", "pt_BR"])
def test_readme_lists_every_setting_as_the_registry_does(lang):
    from kata.dev.settings_table import in_readme
    from kata.shared.settings import table

    assert in_readme(lang) == table(lang), "README's settings table is out of date: run `python -m kata dev settings --write`"
