"""Run one step's checks with the judge inside this process (TensorFlow is imported once for the whole
suite); the learner's code still runs in learner processes, forked by this worker's supervisor."""

from __future__ import annotations

import ast
import gc
import json
import sys
import tempfile
from pathlib import Path

import pytest

from kata.manifest import ROOT, Step, steps

MISTAKES = ROOT / "selftest" / "mistakes"


# The steps beyond the post (12-14) train on every first run (early stopping; the learner's own model) or
# rebuild models for each of many mistakes: their solutions and known-wrong answers run in `make test-e2e`,
# so that `make test` stays within its 120 s on two cores. Their stubs are checked in `make test`.
E2E_STEPS = {"stop", "save", "improve"}


# Step 1's known-wrong answers each load the data their own way (another num_words...): a cold preparation
# of the whole data set each, about 60 s of two cores in all. Step 11's (hand-written and generated: 30 files,
# each running the post's model on eight reviews in a learner process of its own) take about 220 s of one core.
# They run in `make test-e2e` too; the solution of step 11 is checked in `make test`.
E2E_MISTAKES = E2E_STEPS | {"load", "predict"}


def e2e_marks(step, mistakes=False) -> list:
    return [pytest.mark.e2e] if step.name in (E2E_MISTAKES if mistakes else E2E_STEPS) else []

def run_checks(step: Step, target: str = "solutions", overrides: list[Path] = (), select: str | None = None,
               variants: dict | None = None, seen: dict | None = None) -> list[dict]:
    """The plugin's test records for one step's checks run on target (+ overriding files).

    select: a pytest -k expression, to run only some of the step's checks.
    variants: {name: file}: every check runs once per variant (its nodeid ends with [name]).
    seen: a dict to fill with what the checks would show once the step passes (the "seen" values)."""
    with tempfile.TemporaryDirectory(prefix="kata-self-") as tmp:
        report = Path(tmp) / "report.json"
        args = [str(step.test()), "-q", "-p", "no:cacheprovider", "--kata-target", target, "--kata-report", str(report),
                "--rootdir", str(ROOT), "-c", str(ROOT / "pyproject.toml"), "-p", "no:randomly"]
        if select:
            args += ["-k", select]
        for path in overrides:
            args += ["--kata-override", f"{step.name}={path}"]
        for name, path in (variants or {}).items():
            args += ["--kata-variant", f"{name}={path}"]
        pytest.main(args)
        # pytest keeps the last failure in sys.last_* (its traceback holds the check's arrays), and the
        # next run's checks gc.freeze() what is alive (kata.judge.oracle): let it go now, or it lives for good.
        for name in ("last_type", "last_value", "last_traceback", "last_exc"):
            if hasattr(sys, name):
                delattr(sys, name)
        gc.collect()
        gc.freeze()  # what is left lives for the session (TensorFlow, the data): later collections skip it
        events = [json.loads(line) for line in report.read_text().splitlines() if line.strip()]
        records = [e for e in events if e.get("event") == "test"]
        if seen is not None:
            for e in events:
                if e.get("event") == "seen":
                    seen.update(e.get("values") or {})
    assert records, f"no check of step {step.slug} ran"
    return records


def _constant(tree, name):
    return next((node.value.value for node in tree.body if isinstance(node, ast.Assign)
                 and any(getattr(t, "id", "") == name for t in node.targets)), None)


def run_variants(step: Step, paths: list[Path], select: str | None = None) -> dict[str, list[dict]]:
    """{file stem: its records}: every file's functions fed to the step's checks, all in one pytest run."""
    records = run_checks(step, "solutions", select=select, variants={p.stem: p for p in paths})
    out = {p.stem: [] for p in paths}
    for r in records:
        out.setdefault(r["nodeid"].rsplit("[", 1)[-1].rstrip("]"), []).append(r)
    return out


def mistakes() -> list[tuple[Step, Path, str, str | None]]:
    """Every known-wrong answer under selftest/mistakes/NN_name/*.py: (step, file, EXPECT, CHECKS).

    EXPECT is the message key the checks must give; the optional CHECKS (a pytest -k expression)
    limits the run to the checks the mistake is about (so a wrong history reader does not retrain).
    """
    found = []
    for step in steps():
        for path in sorted((MISTAKES / step.slug).glob("*.py")):
            tree = ast.parse(path.read_text())
            found.append((step, path, _constant(tree, "EXPECT"), _constant(tree, "CHECKS")))
    return found
