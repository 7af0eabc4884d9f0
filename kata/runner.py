"""Run the checks in a separate Python process and read back what the plugin reported.

A separate process keeps TensorFlow's start-up noise and any crash of the learner's code (even one
that kills Python) away from the tool that reports on it. When the process dies or hangs, the step it
was checking is marked and, when asked (`resume=True`, for grading), the remaining steps still run.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from kata.manifest import ROOT, Step, step, step_of_file, steps, time_limit

ORDER = ("broken", "timeout", "crashed", "wrong", "not_started")  # the worst failure names the state
GRACE = 10.0  # seconds past a check's time limit before the runner kills its process (pytest-timeout had its chance)
POLL = 0.25  # seconds between two looks at the running check


@dataclass
class StepResult:
    step: Step
    tests: list = field(default_factory=list)
    state: str = "unknown"  # done | not_started | wrong | crashed | broken | timeout | unknown

    @property
    def failures(self):
        return [t for t in self.tests if t["outcome"] == "failed"]

    @property
    def first_failure(self):
        for t in self.failures:
            if t["kind"] == self.state:
                return t
        return self.failures[0] if self.failures else None

    @property
    def passed(self) -> int:
        return sum(t["outcome"] == "passed" for t in self.tests)


@dataclass
class Report:
    results: dict  # step number -> StepResult
    output: str = ""

    def __iter__(self):
        return iter(self.results.values())

    def first_not_done(self):
        for r in self:
            if r.state != "done":
                return r
        return None

    def done(self) -> int:
        return sum(r.state == "done" for r in self)


def _state(tests) -> str:
    if not tests:
        return "unknown"
    kinds = {t.get("kind") for t in tests if t["outcome"] == "failed"}
    for kind in ORDER:
        if kind in kinds:
            return kind
    return "done"


def run(target="exercises", only: list[Step] | None = None, stop=False, overrides=(), resume=False,
        extra_tests=None, env=None, root: Path = ROOT, outer_timeout=None) -> Report:
    """Check the given steps (all by default) of `target` and return a Report."""
    wanted = list(only or steps())
    results = {s.number: StepResult(s) for s in wanted}
    output = []
    todo = wanted
    while todo:
        report, out, code = _pytest(todo, target, stop, overrides, extra_tests, env, root, outer_timeout)
        output.append(out)
        for t in report.get("tests", []):
            if t["step"] in results:
                results[t["step"]].tests.append(t)
        running = report.get("running")
        if report.get("finished") or not running or running.get("step") not in results:
            if code not in (0, 1, 2):  # pytest could not even start (usage error, internal error)
                _mark_died(results, todo, out)
            break
        # the process died (or was killed) inside a check: that check failed, the rest may still run
        died = results[running["step"]]
        died.tests.append({"step": died.step.number, "name": running["nodeid"].split("::")[-1], "nodeid": running["nodeid"],
                           "doc": "", "duration": None, "outcome": "failed", "kind": "crashed" if code != -9 else "timeout",
                           "key": "ui.run_failed", "message": _died_text(died.step, out)})
        if stop or not resume:
            break
        todo = [s for s in todo if s.number > died.step.number]
    for r in results.values():
        r.state = _state(r.tests)
    return Report(results, "\n".join(output))


def _died_text(step, out):
    from kata.i18n import t

    tail = [line for line in out.strip().splitlines() if line.strip()][-3:]
    return "\n".join([t("ui.run_failed", number=step.number), *tail])


def _mark_died(results, todo, out):
    for s in todo:
        if not results[s.number].tests:
            results[s.number].tests.append({"step": s.number, "name": "run", "nodeid": "", "doc": "", "duration": None,
                                            "outcome": "failed", "kind": "crashed", "key": "ui.run_failed",
                                            "message": _died_text(s, out)})
            break


def _pytest(todo, target, stop, overrides, extra_tests, env, root, outer_timeout):
    with tempfile.TemporaryDirectory(prefix="kata-") as tmp:
        report_path = Path(tmp) / "report.json"
        files = [str(s.test(root)) for s in todo]
        if extra_tests:  # an instructor's hidden checks, for the steps still to run
            wanted = {s.number for s in todo}
            files += [str(p) for p in extra_tests if getattr(step_of_file(p), "number", None) in wanted]
        cmd = [sys.executable, "-m", "pytest", *files, "-p", "kata.plugin", "--kata-target", str(target),
               "--kata-report", str(report_path), "--kata-fast-exit", "-q", "--no-header", "-p", "no:cacheprovider",
               "-p", "pytest_timeout", "-p", "no:unraisableexception", "--assert=plain",
               "--rootdir", str(root), "-c", str(root / "pyproject.toml")]
        if stop:
            cmd.append("--kata-stop")
        for o in overrides:
            cmd += ["--kata-override", o]
        full_env = {**os.environ, "TF_CPP_MIN_LOG_LEVEL": os.environ.get("TF_CPP_MIN_LOG_LEVEL", "3"),
                    "PYTHONDONTWRITEBYTECODE": "1",
                    # only the plugins a check needs (each installed plugin costs start-up time); nothing else
                    "PYTEST_DISABLE_PLUGIN_AUTOLOAD": "1", **(env or {})}
        full_env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(root), full_env.get("PYTHONPATH")]))
        log = Path(tmp) / "output.txt"
        with open(log, "w", encoding="utf-8") as sink:
            proc = subprocess.Popen(cmd, cwd=root, env=full_env, stdout=sink, stderr=subprocess.STDOUT)
            code = _watch(proc, report_path, outer_timeout, full_env)
        return _read(report_path), log.read_text(encoding="utf-8", errors="replace"), code


def _read(report_path: Path) -> dict:
    try:
        return json.loads(report_path.read_text())
    except (OSError, ValueError):
        return {}


def _watch(proc, report_path: Path, outer_timeout, env) -> int:
    """Wait for the check process; kill it (and return -9) when a check outlives its step's time limit
    by GRACE seconds (a hang pytest-timeout could not stop), or the whole run outlives outer_timeout."""
    start = time.monotonic()
    while True:
        try:
            return proc.wait(timeout=POLL)
        except subprocess.TimeoutExpired:
            pass
        running = _read(report_path).get("running") or {}
        limit = time_limit(step(running["step"]), env) + GRACE if running.get("step") else None
        check_over = limit is not None and time.time() - running.get("started", time.time()) > limit
        if check_over or (outer_timeout and time.monotonic() - start > outer_timeout):
            proc.kill()
            proc.wait()
            return -9
