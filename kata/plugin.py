"""The pytest plugin behind every check run: fixtures, step order, time limits, friendly reports.

Loaded by `-p kata.plugin` (pyproject's addopts). Options:
  --kata-target exercises|solutions|DIR   whose code the checks run (default: $KATA_TARGET or exercises)
  --kata-override STEP=FILE               functions in FILE replace the target's for STEP (repeatable)
  --kata-report FILE                      write the results as JSON (kept up to date after every check)
  --kata-stop                             stop after the first step that is not done (`make check`)
  --kata-fast-exit                        end the process as soon as pytest is done (skips TensorFlow's
                                          slow tear-down; only for a process of its own, as the runner's)
Environment: KATA_TIMEOUT_SCALE=f multiplies every step's time limit (kata/steps.toml) by f.
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

import pytest

from kata.checking import Learner, target_folder
from kata.feedback import Feedback
from kata.manifest import step_of_file, steps, time_limit

RESULTS = pytest.StashKey[dict]()
_START = pytest.StashKey[float]()


def pytest_addoption(parser):
    group = parser.getgroup("kata")
    group.addoption("--kata-target", default=os.environ.get("KATA_TARGET", "exercises"))
    group.addoption("--kata-override", action="append", default=[], metavar="STEP=FILE")
    group.addoption("--kata-report", default=None)
    group.addoption("--kata-stop", action="store_true")
    group.addoption("--kata-fast-exit", action="store_true")


def pytest_configure(config):
    os.environ.setdefault("MPLBACKEND", "Agg")
    from kata import oracle

    oracle.quiet_tensorflow()
    config.addinivalue_line("markers", "step(n): the kata step a check belongs to")
    config.stash[RESULTS] = {"target": config.getoption("kata_target"), "running": None, "tests": []}


def _step(item):
    return step_of_file(item.path)


def pytest_collection_modifyitems(session, config, items):
    numbered = [(_step(i).number if _step(i) else 0, n, i) for n, i in enumerate(items)]
    items[:] = [i for _, _, i in sorted(numbered, key=lambda t: (t[0], t[1]))]
    for item in items:
        step = _step(item)
        if step:
            item.add_marker(pytest.mark.step(step.number))
            if item.get_closest_marker("timeout") is None:
                item.add_marker(pytest.mark.timeout(time_limit(step)))


@pytest.fixture(scope="module")
def learner(request):
    """The learner's code for this check file's step (see kata.checking.Learner)."""
    step = step_of_file(request.path)
    config = request.config
    overrides = []
    for spec in config.getoption("kata_override"):
        name, _, path = spec.partition("=")
        if step_of_file(f"test_{name}") == step or name in (step.name, str(step.number)):
            overrides.append(Path(path).resolve())
    return Learner(step, target_folder(config.getoption("kata_target")), overrides)


@pytest.fixture(scope="session")
def ref():
    """The kata's reference pipeline (kata.oracle): correct inputs for every step."""
    from kata import oracle

    return oracle


def _classify(excinfo, item) -> Feedback:
    exc = excinfo.value
    if isinstance(exc, Feedback):
        return exc
    text = str(exc)
    if excinfo.typename == "Failed" and "Timeout" in text:
        step = _step(item)
        return Feedback("timeout", "generic.timeout", seconds=f"{round(time_limit(step), 1):g}" if step else "?")
    first = (text.splitlines() or [""])[0][:200]
    return Feedback("wrong", "generic.unexpected", error=f"{excinfo.typename}: {first}")


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    rep = outcome.get_result()
    results = item.config.stash[RESULTS]
    step = _step(item)
    if step is None:
        return
    if rep.failed and call.excinfo is not None:
        fb = _classify(call.excinfo, item)
        rep.longrepr = fb.render()
        item.stash.setdefault(RESULTS, {}).update(fb.as_dict(), outcome="failed")
    if rep.when == "teardown":
        entry = item.stash.get(RESULTS, {}) or {"outcome": "passed"}
        if entry.get("outcome") != "failed" and not rep.failed:
            entry = {"outcome": "passed"}
        doc = (item.function.__doc__ or "").strip().splitlines() if hasattr(item, "function") else []
        results["tests"].append({
            "step": step.number, "name": item.name, "nodeid": item.nodeid,
            "doc": doc[0] if doc else item.name, "duration": round(time.monotonic() - item.stash.get(_START, time.monotonic()), 3),
            **entry,
        })
        results["running"] = None
        _write(item.config)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_protocol(item, nextitem):
    results = item.config.stash[RESULTS]
    results["running"] = {"step": _step(item).number if _step(item) else None, "nodeid": item.nodeid, "started": time.time()}
    item.stash[_START] = time.monotonic()
    _write(item.config)
    yield
    if not item.config.getoption("kata_stop"):
        return
    step = _step(item)
    done_with_step = nextitem is None or _step(nextitem) != step
    failed = any(t["step"] == step.number and t["outcome"] == "failed" for t in results["tests"])
    if step and done_with_step and failed:
        item.session.shouldstop = f"step {step.number} is not done yet"


def _write(config):
    path = config.getoption("kata_report")
    if not path:
        return
    results = config.stash[RESULTS]
    tmp = Path(f"{path}.tmp")
    tmp.write_text(json.dumps(results, indent=1))
    os.replace(tmp, path)


def pytest_sessionfinish(session, exitstatus):
    results = session.config.stash[RESULTS]
    results["finished"] = True
    results["steps"] = len(steps())
    results["exitstatus"] = int(exitstatus)
    _write(session.config)


@pytest.hookimpl(trylast=True)
def pytest_unconfigure(config):
    """With --kata-fast-exit, leave without tearing TensorFlow down (about half a second): all is reported."""
    if config.getoption("kata_fast_exit") and "exitstatus" in config.stash[RESULTS]:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(config.stash[RESULTS]["exitstatus"])
