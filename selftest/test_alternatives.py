"""Valid alternatives (selftest/alternatives/NN_name/*.py): other correct ways to write a step, which every
check of that step must accept (the other side of selftest/mistakes/: a check must not be stricter than
the post). A file defines the function(s) it writes its own way; the rest is the reference solution's."""

import pytest

from kata.manifest import ROOT, steps
from selftest.harness import run_variants

ALTERNATIVES = ROOT / "selftest" / "alternatives"


@pytest.mark.e2e  # about 40 s of two cores: make test-e2e (CI runs it), so that make test keeps its 120 s
@pytest.mark.parametrize("step", [s for s in steps() if list((ALTERNATIVES / s.slug).glob("*.py"))], ids=lambda s: s.slug)
def test_valid_alternatives_pass(step):
    paths = sorted((ALTERNATIVES / step.slug).glob("*.py"))
    results = run_variants(step, paths)
    problems = [f"{name}: {r['name']} failed with {r['key']}: {r.get('message', '').splitlines()[0] if r.get('message') else ''}"
                for name, records in results.items() for r in records if r["outcome"] != "passed"]
    assert not problems, "\n".join(problems)
    assert all(results[p.stem] for p in paths), "an alternative ran no check"
