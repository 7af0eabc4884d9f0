"""Every check fails on the untouched stub and passes on the reference solution."""

from types import SimpleNamespace

import pytest

from kata.cli import seen as show
from kata.i18n import LANGS
from kata.manifest import steps
from selftest.harness import e2e_marks, run_checks

SHOWS_NOTHING_HERE = {"plot"}  # step 10 shows the learner's plots of their own training (exercises only)
# One line less here: step 15's plots/words.png (drawn for exercises only), step 14's private reviews (with
# KATA_PRIVATE_REVIEWS only).
SHOWS_LESS_HERE = {"words": 1, "improve": 1}
def solutions():
    return [pytest.param(s, id=s.slug, marks=e2e_marks(s)) for s in steps()]


@pytest.mark.parametrize("step", solutions())
def test_solution_passes_every_check(step):
    seen = {}
    records = run_checks(step, "solutions", seen=seen)
    failed = {r["name"]: r.get("message") for r in records if r["outcome"] != "passed"}
    assert not failed, f"step {step.slug}: the reference solution fails {failed}"
    if step.name in SHOWS_NOTHING_HERE:
        return
    for lang in LANGS:  # what the learner sees once the step passes: every line filled, in both languages
        result = SimpleNamespace(step=step, seen=seen)
        text, card = show.seen_lines(result, lang), show.card_lines([result], lang)
        wanted = len(show.catalog(lang)[f"{step.name}.seen.text"].strip().splitlines()) - SHOWS_LESS_HERE.get(step.name, 0)
        assert len(text) == wanted and card, f"step {step.slug} ({lang}) shows {text} / {card} from {seen}"
        assert not any("{" in line for line in text + card), text + card


@pytest.mark.parametrize("step", steps(), ids=lambda s: s.slug)
def test_stub_fails_every_check_as_not_started(step):
    records = run_checks(step, "exercises")
    passed = [r["name"] for r in records if r["outcome"] == "passed"]
    assert not passed, f"step {step.slug}: these checks pass on the untouched stub: {passed}"
    kinds = {r["kind"] for r in records}
    assert kinds == {"not_started"}, f"step {step.slug}: the stub should read as 'not started', got {kinds}"
