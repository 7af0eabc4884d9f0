"""Session set-up for the project's own tests (`make test`).

The whole suite needs two trainings: the solution's step 8 and the reference model of steps 9 and 11.
On an empty cache (CI) they start at once in a background process, so they run beside the other
tests instead of leaving a test worker waiting; the tests that need them read them from the cache
(kata/cache.py locks an entry while one process makes it, so nothing is trained twice).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from kata.manifest import ROOT

WARM_UP = """
from kata.judge import oracle
oracle.trained()
oracle.test_results()
"""

_warm_up = None

# Tests that read the training the warm-up makes: run last, so that no test worker sits waiting for it
# while other tests could run.
NEEDS_TRAINING = ("08_train", "09_evaluate", "11_predict", "test_solutions_get_full_marks", "test_train_cache.py::test_training")


def pytest_configure(config):
    config.addinivalue_line("markers", "e2e: an end-to-end test (the kata's commands as processes): make test-e2e")


def pytest_sessionstart(session):
    global _warm_up
    config = session.config
    whole_suite = any(Path(a).resolve() == ROOT / "selftest" for a in config.args)
    only_e2e = (config.getoption("markexpr") or "").strip() == "e2e"  # needs no training
    if hasattr(config, "workerinput") or not whole_suite or only_e2e:  # once, from xdist's controller
        return
    _warm_up = subprocess.Popen([sys.executable, "-c", WARM_UP], cwd=ROOT, stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL)


def pytest_sessionfinish(session):
    if _warm_up is not None and _warm_up.poll() is None:
        _warm_up.kill()
        _warm_up.wait()


def pytest_collection_modifyitems(config, items):
    items.sort(key=lambda item: any(part in item.nodeid for part in NEEDS_TRAINING))  # stable: otherwise in order
