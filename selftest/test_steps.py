"""Every check fails on the untouched stub and passes on the reference solution."""

import pytest

from kata.manifest import steps
from selftest.harness import run_checks


@pytest.mark.parametrize("step", steps(), ids=lambda s: s.slug)
def test_solution_passes_every_check(step):
    records = run_checks(step, "solutions")
    failed = {r["name"]: r.get("message") for r in records if r["outcome"] != "passed"}
    assert not failed, f"step {step.slug}: the reference solution fails {failed}"


@pytest.mark.parametrize("step", steps(), ids=lambda s: s.slug)
def test_stub_fails_every_check_as_not_started(step):
    records = run_checks(step, "exercises")
    passed = [r["name"] for r in records if r["outcome"] == "passed"]
    assert not passed, f"step {step.slug}: these checks pass on the untouched stub: {passed}"
    kinds = {r["kind"] for r in records}
    assert kinds == {"not_started"}, f"step {step.slug}: the stub should read as 'not started', got {kinds}"
