"""Known-wrong answers (selftest/mistakes/NN_name/*.py): each must fail its step with its own message.

A mistake file defines only the function(s) it gets wrong; the rest of the step comes from the
reference solution. `EXPECT = "pad.pre"` names the message key the checks must give for it;
`CHECKS = "final_val_accuracy"` (optional) runs only the checks whose names match.
"""

import pytest

from kata.i18n import has
from selftest.harness import mistakes, run_checks


@pytest.mark.parametrize("step,path,expect,select", mistakes(), ids=lambda v: getattr(v, "stem", None) or getattr(v, "slug", None) or str(v))
def test_mistake_gets_its_message(step, path, expect, select):
    assert expect, f"{path} has no EXPECT = '<message key>'"
    assert has(f"{expect}.cause") or has(f"{expect}.text"), f"{expect} is not a message in kata/messages/en"
    records = run_checks(step, "solutions", [path], select)
    failed = [r for r in records if r["outcome"] == "failed"]
    assert failed, f"{path.name}: every check of step {step.number} passed on this wrong answer"
    keys = [r["key"] for r in failed]
    assert expect in keys, f"{path.name}: expected message {expect}, got {keys}"
