"""Every single-knob change of the post's code is caught and named by its knob (generated, not hand-listed).

For each step whose checks declare KNOBS (kata.judge.knobs), the reference solution is rewritten once per
knob and value (selftest.mutate); all of a step's changes run in one pytest session of its checks. Each must
fail, and the failure shown first must name that knob, with the value written, in the learner's words.
"""

from __future__ import annotations

import pytest

from kata import i18n
from kata.judge.knobs import Knob, Space
from kata.manifest import steps
from selftest.harness import e2e_marks, run_variants
from selftest.mutate import generated, knobs_of, mutate

WITH_KNOBS = [s for s in steps() if knobs_of(s)]


def _first(records):
    from kata.judge.runner import rank

    failed = [r for r in records if r["outcome"] == "failed"]
    return min(failed, key=lambda f: rank(f, failed.index(f))) if failed else None


@pytest.mark.parametrize("step", [pytest.param(s, id=s.slug, marks=e2e_marks(s, mistakes=True)) for s in WITH_KNOBS])
def test_every_single_knob_change_is_named_by_its_knob(step, tmp_path):
    cases = generated(step, tmp_path)
    results = run_variants(step, [path for path, _, _ in cases])
    problems = []
    for path, knob, value in cases:
        first = _first(results.get(path.stem, []))
        wanted = f"{step.name}.knob.{knob.name}"
        if first is None:
            problems.append(f"{knob.say(value)}: every check passed")
        elif first["key"] != wanted or knob.say(value) not in first["message"]:
            problems.append(f"{knob.say(value)}: shown first {first['key']}, not {wanted}:\n{first['message']}")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("step", [pytest.param(s, id=s.slug) for s in WITH_KNOBS])
def test_every_knob_says_why_it_matters_in_both_languages(step):
    """A knob's cause is its step's own sentence in both languages (`<step>.knob.<name>`), or the generic one."""
    for knob in knobs_of(step):
        key = f"{step.name}.knob.{knob.name}"
        assert all((key in i18n.catalog(lang)) == (key in i18n.catalog("en")) for lang in i18n.LANGS), key
        assert knob.others, f"{key}: a knob with no other value cannot be told apart"


def test_the_engine_finds_the_smallest_change_and_nothing_else():
    """A pair is named only when no single knob gives the result; a result no change gives is not explained."""
    knobs = [Knob("a", 1, (2, 3)), Knob("b", "x", ("y",)), Knob("c", 0, (5,))]
    space = Space(knobs, build=lambda a, b, c: (a * 10 + c, b), same=lambda got, built: got == built)
    assert space.explain((20, "x")).names == ("a",)
    assert space.explain((35, "x")).names == ("a", "c")
    assert space.explain((35, "y")) is None  # three knobs: beyond a pair
    assert space.explain((15, "y")).names == ("b", "c")
    assert space.explain((99, "z")) is None


def test_the_mutation_writes_a_default_keyword_and_replaces_a_written_one():
    source = "import keras\ndef f(x):\n    o = dict(value=0, padding='post')\n    return keras.utils.pad_sequences(x, **o)\n"
    out = mutate(source, Knob("padding", "post", ("pre",), call="pad_sequences", arg="padding", also=("dict",)), "pre")
    assert "padding='pre'" in out and "padding='post'" not in out
    out = mutate(source, Knob("truncating", "pre", ("post",), call="pad_sequences", arg="truncating"), "post")
    assert "pad_sequences(x, **o, truncating='post')" in out


def test_a_unique_space_names_no_change_when_two_give_the_result():
    """With `unique`, a result two changes of the same size give is not explained: the sample cannot tell them apart."""
    knobs = [Knob("a", 1, (2,)), Knob("b", 1, (2,)), Knob("c", 0, (5,))]
    build = lambda a, b, c: (max(a, b), c)  # noqa: E731 - a or b changed give the same result
    assert Space(knobs, build, lambda got, built: got == built).explain((2, 0)).names == ("a",)
    assert Space(knobs, build, lambda got, built: got == built, unique=True).explain((2, 0)) is None
    assert Space(knobs, build, lambda got, built: got == built, unique=True).explain((1, 5)).names == ("c",)


def test_the_mutation_sets_a_constant_and_leaves_a_step_out():
    source = ("START, UNK = 1, 2\nNUM = 10\ndef f(text):\n    ids = [START]\n    text = text.lower()\n"
              "    return ids + [len(tf.strings.lower(text, encoding='utf-8'))] + [UNK, NUM]\n")
    assert "START, UNK = (1, 0)" in mutate(source, Knob("unk", 2, (0,), call="UNK"), 0)
    assert "NUM = float('inf')" in mutate(source, Knob("num", 10, (float("inf"),), call="NUM"), float("inf"))
    out = mutate(source, Knob("lower", True, (False,), call="lower"), False)
    assert "text = text\n" in out and "len(text)" in out
    assert "ids = []" in mutate(source, Knob("start", 1, (None,), call="START"), None)
    assert mutate(source, Knob("other", 1, (None,), call="OTHER"), None) is None


@pytest.mark.parametrize("step", [pytest.param(s, id=s.slug) for s in WITH_KNOBS])
def test_knobs_changed_together_say_each_sentence_once(step, monkeypatch):
    """Two knobs whose causes share a sentence (x and y swapped) say it once, in every pair and language."""
    import re

    from kata.judge.knobs import Change, knob_feedback

    knobs = knobs_of(step)
    for lang in i18n.LANGS:
        monkeypatch.setenv("KATA_LANG", lang)
        for i, a in enumerate(knobs):
            for b in knobs[i + 1:]:
                said = knob_feedback(Change(((a, a.others[0]), (b, b.others[0]))), step.name).values["cause"]
                sentences = [s for s in re.split(r"(?<=[.!?])\s+", said) if s]
                assert len(sentences) == len(set(sentences)), (lang, a.name, b.name, said)
