"""Known-wrong answers (selftest/mistakes/NN_name/*.py): each must fail its step with its own message.

A mistake file defines only the function(s) it gets wrong; the rest of the step comes from the
reference solution. `EXPECT = "pad.maxlen"` names the message key the checks must give for it;
`CHECKS = "final_val_accuracy"` (optional) runs only the checks whose names match.

A step's mistakes run a few at a time in one pytest session of its checks (one variant of the learner's
code each, every call still in a fresh learner process), not one session per mistake.
"""

import pytest

from kata.i18n import has
from kata.manifest import steps
from selftest.harness import e2e_marks, mistakes, run_variants


CHUNK = 6  # mistakes per pytest session: few sessions, and chunks the two test workers can share out
HEAVY = ("load",)  # each of these mistakes loads the data its own way (a cold preparation): two per chunk


def chunks():
    out = []
    for step in steps():
        cases = [(path, expect, select) for s, path, expect, select in mistakes() if s == step]
        size = 2 if step.name in HEAVY else CHUNK
        for i in range(0, len(cases), size):
            out.append(pytest.param(step, cases[i:i + size], id=f"{step.slug}-{i // size + 1}", marks=e2e_marks(step, mistakes=True)))
    return out


@pytest.mark.parametrize("step,cases", chunks())
def test_each_mistake_gets_its_message(step, cases):
    problems = []
    for select in sorted({c[2] for c in cases}, key=str):
        group = [c for c in cases if c[2] == select]
        results = run_variants(step, [path for path, _, _ in group], select)
        for path, expect, _ in group:
            if not expect or not (has(f"{expect}.cause") or has(f"{expect}.text") or ".knob." in expect):
                problems.append(f"{path.name}: EXPECT = {expect!r} is not a message in kata/messages/en")
                continue
            records = results.get(path.stem, [])
            failed = [r for r in records if r["outcome"] == "failed"]
            if not records:
                problems.append(f"{path.name}: no check of step {step.number} ran")
            elif not failed:
                problems.append(f"{path.name}: every check of step {step.number} passed on this wrong answer")
            elif expect not in [r["key"] for r in failed]:
                problems.append(f"{path.name}: expected message {expect}, got {sorted({r['key'] for r in failed})}")
    assert not problems, "\n".join(problems)
