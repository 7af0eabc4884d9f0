"""The pytest plugin behind every check run (the judge): fixtures, step order, friendly reports.

Loaded by `-p kata.judge.plugin` (pyproject's addopts). Options:
  --kata-target exercises|solutions|DIR   whose code the checks run (default: $KATA_TARGET or exercises)
  --kata-override STEP=FILE               functions in FILE replace the target's for STEP (repeatable)
  --kata-report FILE                      write the results as JSON lines into FILE (the project's own tests;
                                          the runner hands the judge a channel instead: KATA_REPORT)
  --kata-stop                             stop after the first step that is not done (`make check`)
  --kata-fast-exit                        end the process as soon as pytest is done (skips TensorFlow's
                                          slow tear-down; only for a process of its own, as the runner's)

The report, one JSON object per line: {"event": "collected", "tests": [...]}, {"event": "running", ...},
{"event": "test", ...one check's outcome...}, {"event": "seen", "step": n, "values": {...}} (what the
learner's code produced, shown once the step passes), {"event": "finished", "exitstatus": n}. The runner scores a
step only when every check collected for it reported.

Learner code never runs here: `learner.call(...)` runs it in a learner process (kata.learner) and
returns data. An exception that is not a Feedback comes from the kata's own side (its data, its cache,
its disk): the check reads "could not be checked", never as the learner's mistake.
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

import pytest

from kata.judge.checking import Learner, target_folder
from kata.judge.feedback import Feedback, KataFault
from kata.manifest import step_of_file, steps

RESULTS = pytest.StashKey[dict]()
_START = pytest.StashKey[float]()


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


def pytest_configure(config):
    os.environ.setdefault("MPLBACKEND", "Agg")
    from kata.shared.post import quiet_tensorflow

    quiet_tensorflow()
    config.addinivalue_line("markers", "step(n): the kata step a check belongs to")
    stream = None
    if os.environ.get("KATA_REPORT"):  # the runner's channel (kata.judge.launch)
        from kata.shared import transport

        try:
            stream = transport.join(os.environ.pop("KATA_REPORT")).makefile("w", buffering=1, encoding="utf-8")
        except OSError:
            stream = None
    elif config.getoption("kata_report"):
        stream = open(config.getoption("kata_report"), "w", buffering=1, encoding="utf-8")  # noqa: SIM115
    config.stash[RESULTS] = {"stream": stream, "failed_steps": set(), "tests": []}


def _emit(config, record: dict) -> None:
    results = config.stash[RESULTS]
    stream = results["stream"]
    if record.get("event") == "test":
        results["tests"].append(record)
    if stream is None:
        return
    try:
        stream.write(json.dumps(record) + "\n")
        stream.flush()
    except (OSError, ValueError):  # the runner went away: nothing left to report to
        results["stream"] = None


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
    _emit(config, {"event": "collected", "tests": [{"step": _step(i).number, "nodeid": i.nodeid, "name": i.name}
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
        return _classify(excinfo).render() if isinstance(excinfo.value, Exception) else full(excinfo, *args, **kwargs)

    def repr_failure_py(excinfo, *args, **kwargs):
        return _classify(excinfo).render() if isinstance(excinfo.value, Exception) else full_py(excinfo, *args, **kwargs)

    item.repr_failure, item._repr_failure_py = repr_failure, repr_failure_py


def _warm_up(config, wanted) -> set:
    """The learner process imports what the learner's files import (Keras ...) while the judge gets ready.
    Returns the numbers of the steps the learner has started (an untouched stub costs nothing)."""
    from kata.judge.session import Session

    modules, started = [], set()
    for step in sorted(wanted, key=lambda s: s.number):
        learner = Learner(step, target_folder(config.getoption("kata_target")), _overrides(config, step))
        try:
            if learner.untouched():
                continue
            started.add(step.number)
            modules += [m for m in learner.imports() if m not in modules]
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
    learner = Learner(step, target_folder(item.config.getoption("kata_target")), _overrides(item.config, step))
    if learner.untouched():
        import ast

        names = [n.name for n in ast.parse(learner.path.read_bytes()).body
                 if isinstance(n, ast.FunctionDef) and not n.name.startswith("_")]
        raise Feedback("not_started", "generic.not_started", function=names[0] if names else "?", file=learner._rel())


@pytest.fixture(scope="module")
def learner(request):
    """The learner's code for this check file's step (see kata.judge.checking.Learner)."""
    step = step_of_file(request.path)
    overrides = _overrides(request.config, step)
    variant = getattr(request, "param", None)
    if variant is not None:
        overrides = [*overrides, Path(variant).resolve()]
    return Learner(step, target_folder(request.config.getoption("kata_target")), overrides)


def pytest_generate_tests(metafunc):
    variants = metafunc.config.getoption("kata_variant")
    if variants and "learner" in metafunc.fixturenames:
        names, files = zip(*(v.split("=", 1) for v in variants))
        metafunc.parametrize("learner", files, indirect=True, scope="module", ids=names)


def _overrides(config, step) -> list[Path]:
    overrides = []
    for spec in config.getoption("kata_override"):
        name, _, path = spec.partition("=")
        if step_of_file(f"test_{name}") == step or name in (step.name, str(step.number)):
            overrides.append(Path(path).resolve())
    return overrides


class Live:
    """What a check says on the learner's terminal while it works (the learner process's output goes there too)."""

    def __init__(self):
        from kata.judge.session import Session

        self.stream = Session.get().live

    def note(self, key: str, **values) -> None:
        from kata import show
        from kata.i18n import lang, t

        values = {k: show.number(v, lang()) if type(v) is int else v for k, v in values.items()}
        if self.stream is not None:
            try:
                self.stream.write(f"  {t('live.' + key, **values)}\n".encode())
                self.stream.flush()
            except (OSError, ValueError):
                self.stream = None

    def showing(self, _ref=None):
        """While the judge trains its reference model, its epochs are shown here."""
        import contextlib

        from kata.judge import oracle

        @contextlib.contextmanager
        def shown():
            oracle.PROGRESS = self.stream
            try:
                yield
            finally:
                oracle.PROGRESS = None

        return shown()


class Seen:
    """What the learner's code produced, for the learner to see once the step passes (never part of a verdict).
    `seen.add(lambda: {...})`: the values are worked out here, and anything that goes wrong is left out."""

    def __init__(self, config, step):
        self.config, self.step = config, step

    def add(self, values) -> None:
        if self.step is None:
            return
        try:
            data = json.loads(json.dumps(values() if callable(values) else values, default=str))
        except Exception:  # a value of an unexpected type: nothing to show, nothing else changes
            return
        if isinstance(data, dict) and data:
            _emit(self.config, {"event": "seen", "step": self.step.number, "values": data})

    def _name(self, name: str) -> str:
        from kata.shared import cache

        return "seen-" + cache.key(str(target_folder(self.config.getoption("kata_target"))), name)[:24]

    def keep(self, name: str, value) -> None:
        """Remember a value (JSON) for a later step's display, for this target (the judge's cache: no learner
        process writes there)."""
        from kata.shared import cache

        try:
            cache.put_json(self._name(name), value, cache.folder("judge"))
        except (OSError, TypeError, ValueError):
            pass

    def kept(self, name: str):
        from kata.shared import cache

        return cache.get_json(self._name(name), cache.folder("judge"))


@pytest.fixture(scope="module")
def seen(request):
    """Where a check puts what the learner's code produced, shown beside the post's figures once the step passes."""
    return Seen(request.config, step_of_file(request.path))


@pytest.fixture(scope="session")
def live():
    """The learner's terminal, for a word while a check works (`live.note("training")`)."""
    return Live()


@pytest.fixture(scope="module", autouse=True)
def _kata_data_ready(request):
    """Before a step's checks run the learner's code: the kata's own data is there (a kata-side fault
    otherwise: every check of the step "could not be checked", none a mistake). `NEEDS_DATA = False` in a
    check file skips it."""
    if step_of_file(request.path) is None or not getattr(request.module, "NEEDS_DATA", True):
        return
    from kata.shared.imdb import DATA_DIR_VAR, DataError, data_file

    if not os.environ.get(DATA_DIR_VAR):
        return  # Keras downloads the files on first use; a failure there is reported as the kata's too

    try:
        for name in ("imdb.npz", "imdb_word_index.json"):
            data_file(name, "")
    except DataError as exc:
        raise KataFault(str(exc)) from None


class Reference:
    """kata.judge.oracle, with every failure of the kata's own side (data missing or corrupt, a damaged
    cache, a full disk) turned into "could not be checked": never the learner's mistake."""

    def __init__(self, module):
        self._module = module

    def __getattr__(self, name):
        value = getattr(self._module, name)
        if not callable(value) or isinstance(value, type):
            return value

        def guarded(*args, **kwargs):
            try:
                return value(*args, **kwargs)
            except Feedback:
                raise
            except Exception as exc:
                raise KataFault(_fault_text(exc)) from None

        guarded.__name__ = getattr(value, "__name__", name)
        return guarded


def _fault_text(exc: BaseException) -> str:
    from kata.shared.imdb import DataError

    if isinstance(exc, DataError):
        return str(exc)  # says what to do
    first = (str(exc).splitlines() or [""])[0][:300]
    return f"{type(exc).__name__}: {first}" if first else type(exc).__name__


@pytest.fixture(scope="session")
def ref():
    """The kata's reference pipeline (kata.judge.oracle): correct inputs for every step."""
    from kata.judge import oracle

    return Reference(oracle)


def _classify(excinfo) -> Feedback:
    """Feedback as raised; a fault of the kata's own resources (disk, memory, data) is "could not be checked";
    anything else is a check that could not read what the learner's code returned."""
    from kata.shared.imdb import DataError

    exc = excinfo.value
    if isinstance(exc, Feedback):
        return exc
    if isinstance(exc, (KeyboardInterrupt, SystemExit)):
        return KataFault(f"the check was interrupted ({excinfo.typename})")
    if isinstance(exc, (OSError, MemoryError, DataError, ImportError, RecursionError)):
        return KataFault(_fault_text(exc))
    first = (str(exc).splitlines() or [""])[0][:200]
    return Feedback("wrong", "generic.unexpected", error=f"{excinfo.typename}: {first}")


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    rep = outcome.get_result()
    step = _step(item)
    if step is None:
        return
    if rep.failed and call.excinfo is not None:
        fb = _classify(call.excinfo)
        rep.longrepr = fb.render()
        item.stash.setdefault(RESULTS, {}).update(fb.as_dict(), outcome="failed")
    if rep.when == "teardown":
        entry = item.stash.get(RESULTS, {}) or {"outcome": "passed"}
        if entry.get("outcome") != "failed" and not rep.failed:
            entry = {"outcome": "passed"}
        if entry["outcome"] == "failed":
            item.config.stash[RESULTS]["failed_steps"].add(step.number)
        doc = (item.function.__doc__ or "").strip().splitlines() if hasattr(item, "function") else []
        _emit(item.config, {
            "event": "test", "step": step.number, "name": item.name, "nodeid": item.nodeid,
            "doc": doc[0] if doc else item.name,
            "duration": round(time.monotonic() - item.stash.get(_START, time.monotonic()), 3), **entry,
        })


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_protocol(item, nextitem):
    step = _step(item)
    _emit(item.config, {"event": "running", "step": step.number if step else None, "nodeid": item.nodeid,
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
    failed = [t for t in item.config.stash[RESULTS]["tests"] if t.get("step") == step.number and t.get("outcome") != "passed"]
    if failed:
        return
    config = item.config
    try:
        learner = Learner(step, target_folder(config.getoption("kata_target")), _overrides(config, step))
        hook(learner, Seen(config, step))
    except BaseException as exc:  # noqa: BLE001 - a display only
        if isinstance(exc, KeyboardInterrupt):
            raise


def pytest_sessionfinish(session, exitstatus):
    _emit(session.config, {"event": "finished", "steps": len(steps()), "exitstatus": int(exitstatus)})


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
