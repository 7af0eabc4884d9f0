"""The pytest plugin behind every check run (the judge): fixtures, step order, friendly reports.

Loaded by `-p kata.judge.plugin` (pyproject's addopts). Options:
  --kata-target exercises|solutions|DIR   whose code the checks run (default: $KATA_TARGET or exercises)
  --kata-override STEP=FILE               functions in FILE replace the target's for STEP (repeatable)
  --kata-report FILE                      write the results as JSON lines into FILE (the project's own tests;
                                          the runner hands the judge a channel instead: KATA_REPORT)
  --kata-stop                             stop after the first step that is not done (`make check`)
  --kata-fast-exit                        end the process as soon as pytest is done (skips TensorFlow's
                                          slow tear-down; only for a process of its own, as the runner's)
  --kata-keep                             `make check`: the calls a check stores (step 14's training) are served
                                          from the store when nothing that decides them changed (kata.judge.stored)

The report, one JSON object per line: {"event": "collected", "tests": [...]}, {"event": "running", ...},
{"event": "test", ...one check's outcome...}, {"event": "seen", "step": n, "values": {...}} (what the
learner's code produced, shown once the step passes), {"event": "finished", "exitstatus": n}. The runner scores a
step only when every check collected for it reported.

Learner code never runs here: `learner.call(...)` runs it in a learner process (kata.learner) and
returns data. An exception that is not a Feedback comes from the kata's own side (its data, its cache,
its disk): the check reads "could not be checked", never as the learner's mistake.
"""

from __future__ import annotations

import os
import sys
import time

import pytest

from kata.judge.checking import Learner, target_folder
from kata.judge.feedback import Feedback
from kata.judge import fixtures
from kata.judge.fixtures import Seen, classify, overrides_for
from kata.judge.report import RESULTS, emit, open_stream
from kata.manifest import step_of_file, steps

_START = pytest.StashKey[float]()
# The checks' fixtures, defined in kata.judge.fixtures, found by pytest here (this module is the plugin).
learner, ref, seen, live, _kata_data_ready = (fixtures.learner, fixtures.ref, fixtures.seen, fixtures.live,
                                              fixtures._kata_data_ready)


def pytest_addoption(parser):
    group = parser.getgroup("kata")
    group.addoption("--kata-target", default=os.environ.get("KATA_TARGET", "exercises"))
    group.addoption("--kata-override", action="append", default=[], metavar="STEP=FILE")
    group.addoption("--kata-variant", action="append", default=[], metavar="NAME=FILE",
                    help="run every check once per variant, FILE's functions replacing the target's (the project's "
                         "own tests feed many known-wrong answers to a step in one run this way)")
    group.addoption("--kata-report", default=None)
    group.addoption("--kata-stop", action="store_true")
    group.addoption("--kata-fast-exit", action="store_true")
    group.addoption("--kata-keep", action="store_true")


def pytest_configure(config):
    os.environ.setdefault("MPLBACKEND", "Agg")
    from kata.shared.post import quiet_tensorflow

    quiet_tensorflow()
    config.addinivalue_line("markers", "step(n): the kata step a check belongs to")
    config.stash[RESULTS] = {"stream": open_stream(config), "failed_steps": set(), "tests": []}
    from kata.judge import stored

    stored.ENABLED = bool(config.getoption("kata_keep"))


def _step(item):
    return step_of_file(item.path)


def pytest_collection_modifyitems(session, config, items):
    numbered = [(_step(i).number if _step(i) else 0, n, i) for n, i in enumerate(items)]
    items[:] = [i for _, _, i in sorted(numbered, key=lambda t: (t[0], t[1]))]
    for item in items:
        step = _step(item)
        if step:
            item.add_marker(pytest.mark.step(step.number))
            _plain_failures(item)
    emit(config, {"event": "collected", "tests": [{"step": _step(i).number, "nodeid": i.nodeid, "name": i.name}
                                                    for i in items if _step(i)]})
    started = _warm_up(config, {_step(i).number: _step(i) for i in items if _step(i)}.values())
    judge_needs = {m for i in items if _step(i) and _step(i).number in started
                   for m in getattr(getattr(i, "module", None), "JUDGE_IMPORTS", ())}
    if judge_needs:  # the judge's own Keras import runs beside the learner process's
        import threading

        threading.Thread(target=_import_quietly, args=(sorted(judge_needs),), daemon=True).start()


def _import_quietly(modules) -> None:
    import importlib

    for name in modules:
        try:
            importlib.import_module(name)
        except Exception:  # the check that needs it says why
            pass


def _plain_failures(item) -> None:
    """A check's failure is its Feedback's few lines: pytest's own traceback formatting (source, frames,
    reprs of locals) is never shown, and costs a tenth of a second per failure."""
    full, full_py = item.repr_failure, item._repr_failure_py

    def repr_failure(excinfo, *args, **kwargs):
        return classify(excinfo).render() if isinstance(excinfo.value, Exception) else full(excinfo, *args, **kwargs)

    def repr_failure_py(excinfo, *args, **kwargs):
        return classify(excinfo).render() if isinstance(excinfo.value, Exception) else full_py(excinfo, *args, **kwargs)

    item.repr_failure, item._repr_failure_py = repr_failure, repr_failure_py


def _warm_up(config, wanted) -> set:
    """The learner process imports what the learner's files import (Keras ...) while the judge gets ready.
    Returns the numbers of the steps the learner has started (an untouched stub costs nothing)."""
    from kata.judge.session import Session

    modules, started = [], set()
    for step in sorted(wanted, key=lambda s: s.number):
        code = Learner(step, target_folder(config.getoption("kata_target")), overrides_for(config, step))
        try:
            if code.untouched():
                continue
            started.add(step.number)
            modules += [m for m in code.imports() if m not in modules]
        except Exception:  # a syntax error, a missing file: its check says so
            continue
    if modules:
        Session.get().warm(modules)
    return started


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    """An untouched stub is "not started" before any of the check's set-up (no data loaded, nothing run)."""
    step = _step(item)
    if step is None:
        return
    code = Learner(step, target_folder(item.config.getoption("kata_target")), overrides_for(item.config, step))
    if code.untouched():
        import ast

        names = [n.name for n in ast.parse(code.path.read_bytes()).body
                 if isinstance(n, ast.FunctionDef) and not n.name.startswith("_")]
        raise Feedback("not_started", "generic.not_started", function=names[0] if names else "?", file=code._rel())


def pytest_generate_tests(metafunc):
    variants = metafunc.config.getoption("kata_variant")
    if variants and "learner" in metafunc.fixturenames:
        names, files = zip(*(v.split("=", 1) for v in variants))
        metafunc.parametrize("learner", files, indirect=True, scope="module", ids=names)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    rep = outcome.get_result()
    step = _step(item)
    if step is None:
        return
    if rep.failed and call.excinfo is not None:
        fb = classify(call.excinfo)
        rep.longrepr = fb.render()
        item.stash.setdefault(RESULTS, {}).update(fb.as_dict(), outcome="failed")
    if rep.when == "teardown":
        entry = item.stash.get(RESULTS, {}) or {"outcome": "passed"}
        if entry.get("outcome") != "failed" and not rep.failed:
            entry = {"outcome": "passed"}
        if entry["outcome"] == "failed":
            item.config.stash[RESULTS]["failed_steps"].add(step.number)
        doc = (item.function.__doc__ or "").strip().splitlines() if hasattr(item, "function") else []
        emit(item.config, {
            "event": "test", "step": step.number, "name": item.name, "nodeid": item.nodeid,
            "doc": doc[0] if doc else item.name,
            "duration": round(time.monotonic() - item.stash.get(_START, time.monotonic()), 3), **entry,
        })


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_protocol(item, nextitem):
    step = _step(item)
    emit(item.config, {"event": "running", "step": step.number if step else None, "nodeid": item.nodeid,
                        "started": time.time()})
    item.stash[_START] = time.monotonic()
    yield
    if step is not None and (nextitem is None or _step(nextitem) != step):
        _after_pass(item)
    if not item.config.getoption("kata_stop") or step is None:
        return
    done_with_step = nextitem is None or _step(nextitem) != step
    if done_with_step and step.number in item.config.stash[RESULTS]["failed_steps"]:
        item.session.shouldstop = f"step {step.number} is not done yet"


def _after_pass(item) -> None:
    """A step's `after_pass(learner, seen)` (if its check file has one): run once every check of the step
    passed, to show the learner more of what their code does. Never part of a verdict: whatever goes wrong
    there is left out."""
    hook = getattr(getattr(item, "module", None), "after_pass", None)
    step = _step(item)
    if hook is None or step is None or step.number in item.config.stash[RESULTS]["failed_steps"] \
            or item.config.getoption("kata_variant"):
        return
    tests = item.config.stash[RESULTS]["tests"]
    failed = [t for t in tests if t.get("step") == step.number and t.get("outcome") != "passed"]
    if failed:
        return
    config = item.config
    try:
        hook(Learner(step, target_folder(config.getoption("kata_target")), overrides_for(config, step)), Seen(config, step))
    except BaseException as exc:  # noqa: BLE001 - a display only
        if isinstance(exc, KeyboardInterrupt):
            raise


def pytest_sessionfinish(session, exitstatus):
    emit(session.config, {"event": "finished", "steps": len(steps()), "exitstatus": int(exitstatus)})


@pytest.hookimpl(trylast=True)
def pytest_unconfigure(config):
    results = config.stash.get(RESULTS, None)
    if results and results["stream"] is not None:
        try:
            results["stream"].close()
        except OSError:
            pass
    from kata.judge.session import Session

    if Session._current is not None and config.getoption("kata_fast_exit"):
        Session._current.close()
    if config.getoption("kata_fast_exit"):  # leave without tearing TensorFlow down (about half a second)
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(0 if not results or not results["failed_steps"] else 1)
