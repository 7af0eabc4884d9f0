"""The grading recipes (docs/recipes/): a GitHub Actions workflow with a shard matrix and a merge job, a Slurm
job array, a Kubernetes Indexed Job. Each is checked by its validator (actionlint and shellcheck, shellcheck,
kubernetes-validate --strict and .ci/k8s_extra.py; selftest/validators.py finds them), a broken copy of each must
fail it, and each one's commands are run with a stand-in `make` to see they grade shard i of N.
"""

from __future__ import annotations

import json
import os
import re
import stat
import subprocess
from pathlib import Path

import pytest

from kata.manifest import ROOT
from selftest.validators import actionlint, tools_env, tools_python

RECIPES = ROOT / "docs" / "recipes"
WORKFLOW = RECIPES / "github-actions-grade-class.yml"
SLURM = RECIPES / "slurm-grade-class.sh"
K8S = RECIPES / "kubernetes-grade-class.yaml"
K8S_VERSION = "1.33.0"  # the API schema checked (kubernetes-validate bundles 1.25 to 1.37; the Job needs 1.30+)


def stand_in_make(folder: Path) -> Path:
    """A `make` that writes its arguments and the variables the kata reads, one per line, to folder/make.out."""
    (folder / "bin").mkdir(exist_ok=True)
    make = folder / "bin" / "make"
    make.write_text('#!/bin/sh\n{ printf "%s\\n" "$*"; printf "KATA_PREPARED=%s\\nKATA_CACHE_DIR=%s\\n" '
                    '"$KATA_PREPARED" "$KATA_CACHE_DIR"; } > "$MAKE_OUT"\n', encoding="utf-8")
    make.chmod(make.stat().st_mode | stat.S_IEXEC)
    return folder / "bin"


# --- what every recipe runs (no validator needed) --------------------------------------------------------------

def test_every_recipe_runs_the_kata_commands():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    for target in ("grade", "grade-merge", "grade-prepare"):
        assert re.search(rf"^{target}: ", makefile, re.M), target
    exported = re.search(r"^export (.*)$", makefile, re.M).group(1).split()
    assert {"SHARD", "SUBMISSIONS", "OUT", "KATA_PREPARED", "RESUME"} <= set(exported)
    for recipe in (WORKFLOW, SLURM, K8S):
        text = re.sub(r'"\s*,\s*"', " ", recipe.read_text(encoding="utf-8"))  # ["make", "grade-merge"]: make grade-merge
        for needed in ("make grade-prepare", "OUT=", "make grade SUBMISSIONS=", "SHARD=", "KATA_PREPARED", "make grade-merge"):
            assert needed in text, (recipe.name, needed)
    workflow = WORKFLOW.read_text(encoding="utf-8")
    assert "sudo sysctl -w kernel.apparmor_restrict_unprivileged_userns=0" in workflow  # Ubuntu 24.04 runners
    assert "apt-get install -y -q bubblewrap" in workflow and "path: grade/shard-*-of-*/" in workflow
    assert '"$((JOB_COMPLETION_INDEX + 1))/$SHARDS"' in K8S.read_text(encoding="utf-8")


def run_slurm(tmp_path: Path, **slurm) -> tuple[subprocess.CompletedProcess, str]:
    env = {"PATH": f"{stand_in_make(tmp_path)}{os.pathsep}{os.environ['PATH']}", "MAKE_OUT": str(tmp_path / "make.out"),
           "SLURM_SUBMIT_DIR": str(tmp_path), "TMPDIR": str(tmp_path / "tmp"), "HOME": str(tmp_path), **slurm}
    proc = subprocess.run(["bash", str(SLURM)], env=env, capture_output=True, text=True, timeout=60)
    out = tmp_path / "make.out"
    return proc, out.read_text(encoding="utf-8") if out.exists() else ""


def test_the_slurm_script_grades_the_shard_of_its_task(tmp_path):
    array = {"SLURM_ARRAY_TASK_COUNT": "8", "SLURM_ARRAY_TASK_MIN": "1", "SLURM_ARRAY_TASK_MAX": "8",
             "SLURM_ARRAY_JOB_ID": "77"}
    proc, made = run_slurm(tmp_path, SLURM_ARRAY_TASK_ID="3", **array)
    assert proc.returncode == 0, proc.stderr
    assert made.splitlines() == [f"grade SUBMISSIONS={tmp_path}/submissions SHARD=3/8", f"KATA_PREPARED={tmp_path}/prepared",
                                 f"KATA_CACHE_DIR={tmp_path}/tmp/kata-cache-77-3"]
    (tmp_path / "zero").mkdir()  # an array 0-7 would grade a shard 0/8 and never 8/8: refused
    proc, made = run_slurm(tmp_path / "zero", SLURM_ARRAY_TASK_ID="0",
                           **{**array, "SLURM_ARRAY_TASK_MIN": "0", "SLURM_ARRAY_TASK_MAX": "7"})
    assert proc.returncode == 2 and "must be 1-N" in proc.stderr and not made
    (tmp_path / "outside").mkdir()
    proc, made = run_slurm(tmp_path / "outside")  # not in an array: a sentence, nothing graded
    assert proc.returncode != 0 and "sbatch --array=1-N" in proc.stderr and not made


# --- the validators ------------------------------------------------------------------------------------------------

def validate(kind: str, path: Path) -> tuple[bool, str]:
    """Run the validators of one kind of recipe on path: (all passed, what they said)."""
    python, env = tools_python(), tools_env()
    if kind == "workflow":
        runs = [[*actionlint(), str(path)], [python, str(ROOT / ".ci" / "gha_shellcheck.py"), str(path)]]
    elif kind == "slurm":
        runs = [[str(Path(python).with_name("shellcheck")), str(path)]]
    else:
        runs = [[str(Path(python).with_name("kubernetes-validate")), "--strict", "--quiet", "-k", K8S_VERSION, str(path)],
                [python, str(ROOT / ".ci" / "k8s_extra.py"), str(path)]]
    said, ok = [], True
    for cmd in runs:
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=300, env=env)
        ok = ok and proc.returncode == 0
        said.append(proc.stdout + proc.stderr)
    return ok, "\n".join(said)


@pytest.mark.e2e
@pytest.mark.parametrize("kind, path", [("workflow", WORKFLOW), ("slurm", SLURM), ("kubernetes", K8S)])
def test_the_recipes_pass_their_validators(kind, path):
    ok, said = validate(kind, path)
    assert ok, said


# Each deliberate mistake, and what its validator says about it.
BROKEN = [
    ("workflow", "    runs-on: ubuntu-24.04\n", "    runs_on: ubuntu-24.04\n", '"runs-on" section is missing'),
    ("workflow", "needs.plan.outputs.shards)", "needs.plan.outputs.shard)", 'property "shard" is not defined'),
    ("workflow", "include-hidden-files:", "include-hidden-file:", 'input "include-hidden-file" is not defined'),
    ("workflow", '>> "$GITHUB_OUTPUT"', ">> $GITHUB_OUTPUT", "SC2086"),
    ("slurm", 'SUBMISSIONS="$SUBMISSIONS"', "SUBMISSIONS=$SUBMISSIONS", "SC2086"),
    ("slurm", 'SHARD="$i/$N"', 'SHARD="$ii/$N"', "SC2154"),
    ("kubernetes", "      hostUsers: false", "      hostUser: false", "'hostUser' was unexpected"),
    ("kubernetes", "  completions: 8 ", '  completions: "8" ', "is not of type 'integer'"),
    ("kubernetes", "completionMode: Indexed", "completionMode: Indexd", "'Indexd' is not one of"),
    ("kubernetes", "  completions: 8 ", "  completions: 6 ", "SHARDS=8 but completions=6"),
]


@pytest.mark.e2e
@pytest.mark.parametrize("kind, old, new, expected", BROKEN, ids=[f"{b[0]}-{b[3][:24]}" for b in BROKEN])
def test_a_broken_recipe_is_caught(tmp_path, kind, old, new, expected):
    source = {"workflow": WORKFLOW, "slurm": SLURM, "kubernetes": K8S}[kind]
    text = source.read_text(encoding="utf-8")
    assert old in text, f"the recipe no longer has {old!r}: update this mistake"
    broken = tmp_path / source.name
    broken.write_text(text.replace(old, new, 1), encoding="utf-8")
    ok, said = validate(kind, broken)
    assert not ok and expected in said, said


EXTRACT = """
import json, sys, yaml
docs = list(yaml.safe_load_all(open(sys.argv[1], encoding="utf-8")))
if sys.argv[2] == "plan":
    print(json.dumps(docs[0]["jobs"]["plan"]["steps"][0]["run"]))
else:
    job = next(d for d in docs if d and d["kind"] == "Job" and d["spec"].get("completionMode") == "Indexed")
    c = job["spec"]["template"]["spec"]["containers"][0]
    print(json.dumps({"command": c["command"] + c["args"], "env": {e["name"]: e["value"] for e in c["env"]},
                      "completions": job["spec"]["completions"]}))
"""


@pytest.mark.e2e
def test_the_indexed_job_grades_shard_index_plus_one(tmp_path):
    out = subprocess.run([tools_python(), "-c", EXTRACT, str(K8S), "job"], capture_output=True, text=True, timeout=60)
    job = json.loads(out.stdout)
    assert job["env"]["SHARDS"] == str(job["completions"])
    seen = set()
    for index in range(job["completions"]):
        env = {**os.environ, **job["env"], "JOB_COMPLETION_INDEX": str(index), "MAKE_OUT": str(tmp_path / "make.out"),
               "PATH": f"{stand_in_make(tmp_path)}{os.pathsep}{os.environ['PATH']}"}
        proc = subprocess.run(job["command"], env=env, capture_output=True, text=True, timeout=60)
        assert proc.returncode == 0, proc.stderr
        seen.add((tmp_path / "make.out").read_text(encoding="utf-8").splitlines()[0])
    assert seen == {f"grade SUBMISSIONS=/class/submissions SHARD={i}/{job['completions']}" for i in range(1, 9)}


@pytest.mark.e2e
def test_the_workflow_plans_one_job_per_shard(tmp_path):
    out = subprocess.run([tools_python(), "-c", EXTRACT, str(WORKFLOW), "plan"], capture_output=True, text=True, timeout=60)
    script = json.loads(out.stdout)
    for given, code, shards in (("4", 0, "[1,2,3,4]"), ("04", 0, "[1,2,3,4]"), ("1", 0, "[1]"), ("0", 1, None),
                                ("257", 1, None), ("x", 1, None)):
        output = tmp_path / f"out-{given}"
        proc = subprocess.run(["bash", "-e", "-c", script], env={**os.environ, "N": given, "GITHUB_OUTPUT": str(output)},
                              capture_output=True, text=True, timeout=60)
        assert proc.returncode == code, (given, proc.stdout, proc.stderr)
        if shards:
            assert f"shards={shards}" in output.read_text(encoding="utf-8").splitlines()
        else:
            assert "::error::" in proc.stdout
