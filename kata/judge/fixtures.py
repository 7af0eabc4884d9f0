"""The checks' fixtures (kata.judge.plugin loads them): `learner` (the learner's code for the check file's step),
`ref` (the reference pipeline, every kata-side failure "could not be checked"), `seen` (what the learner's code
produced, shown once the step passes), `live` (a word on the learner's terminal), and the data check every step
starts with."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from kata.judge.checking import Learner, target_folder
from kata.judge.feedback import Feedback, KataFault
from kata.judge.report import emit
from kata.manifest import step_of_file


@pytest.fixture(scope="module")
def learner(request):
    """The learner's code for this check file's step (see kata.judge.checking.Learner)."""
    step = step_of_file(request.path)
    overrides = overrides_for(request.config, step)
    variant = getattr(request, "param", None)
    if variant is not None:
        overrides = [*overrides, Path(variant).resolve()]
    return Learner(step, target_folder(request.config.getoption("kata_target")), overrides)


def overrides_for(config, step) -> list[Path]:
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
        from kata.i18n import number, t

        values = {k: number(v) if type(v) is int else v for k, v in values.items()}
        if self.stream is not None:
            try:
                self.stream.write(f"  {t('live.' + key, **values)}\n".encode())
                self.stream.flush()
            except (OSError, ValueError):
                self.stream = None

    def showing(self, _ref=None):
        """While the judge trains its reference model, its epochs are shown here."""
        from kata.judge import oracle

        return oracle.progress_to(self.stream)


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
            emit(self.config, {"event": "seen", "step": self.step.number, "values": data})

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


def classify(excinfo) -> Feedback:
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
