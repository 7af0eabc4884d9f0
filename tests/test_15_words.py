"""Step 15 · words: checks for exercises/15_words.py (word_scores).

The learner's word_scores gets the kata's trained post model (the judge's reference training, its weights loaded
in the learner process: step 8's training when the learner trained the post's way) and the raw word index. The
judge scores every word itself from the same weights, with NumPy (kata.judge.oracle.words): a word's score is the
logit of a review made of that word alone. The learner's (word, score) pairs must be the judge's, the lists its
most positive and most negative words; the usual slips (reserved ids scored as words, ids not shifted by 3, the
sign turned around, the padding in the average, probabilities for logits) each give numbers the judge computes
too, and are named.
"""

from __future__ import annotations

import math
from collections import Counter

import pytest

from kata.i18n import t
from kata.judge.checking import PostModel, expect, fail, is_number, show

JUDGE_IMPORTS = ()  # the judge reads the weights with h5py: no Keras on its side
COUNT = 20  # the words of each list the main call asks for (the function's default)
SHOWN = 8  # the words of each list the learner sees once the step passes
REL, ABS = 1e-3, 1e-3  # float32 in Keras or NumPy, summed in another order: far below any slip's difference
SLIPS = {  # the judge's score tables that a slip reproduces -> the message naming it
    "padded": "padded", "padded_start": "padded", "padded_probability": "padded", "padded_start_probability": "padded",
    "probability": "probabilities", "not_shifted": "not_shifted",
}


def _close(a, b) -> bool:
    return math.isclose(float(a), float(b), rel_tol=REL, abs_tol=ABS)


def _pairs(value, which: str, count: int) -> list[tuple[str, float]]:
    """One list of the learner's answer as (word, float) pairs, after checking its shape."""
    if not isinstance(value, (list, tuple)):
        fail("structure", got=show(value), expected="(positive, negative): two lists of (word, score) pairs")
    for entry in list(value)[:count + 5]:
        if not (isinstance(entry, (list, tuple)) and len(entry) == 2 and isinstance(entry[0], str) and is_number(entry[1])):
            fail("pairs", got=show(entry), expected="(word, score): ('excellent', 188.16)", which=t(f"words.which.{which}"))
    expect(len(value) == count, "count", got=f"{len(value)} pairs", expected=f"{count} pairs", which=t(f"words.which.{which}"),
           count=count)
    return [(str(word), float(score)) for word, score in value]


def _lists(value, count: int):
    """(positive, negative) of the learner's answer, each checked to be `count` (word, score) pairs."""
    if not (isinstance(value, (list, tuple)) and len(value) == 2):
        fail("structure", got=show(value), expected="(positive, negative): two lists of (word, score) pairs")
    return _pairs(value[0], "positive", count), _pairs(value[1], "negative", count)


@pytest.fixture(scope="module")
def tables(learner, ref, live):
    """{name: {word: score}}: the judge's scores of every word of the vocabulary, and the slips' (oracle.words).
    On a machine where the kata never trained its reference model, it is trained now (its epochs shown)."""
    learner.function("word_scores")  # an untouched stub is "not started" before anything is trained or loaded
    with live.showing(ref):
        return ref.word_scores()


@pytest.fixture(scope="module")
def scored(learner, ref, tables, live):
    """The learner's (positive, negative) for COUNT words each, with the trained post model."""
    learner.function("word_scores")  # an untouched stub is "not started" before the model is even loaded
    live.note("scoring_words", rows=len(tables["logit"]))
    lists = _lists(learner.call("word_scores", PostModel(trained=True), ref.raw_word_index(), COUNT), COUNT)
    _SHOWN.update(positive=lists[0], negative=lists[1])
    return lists


_SHOWN: dict = {}  # the learner's lists, for the picture once the step passes (after_pass)


def _unknown(pairs, tables, ref) -> None:
    """Fail when a list holds something that is not a word of the vocabulary: a reserved id's marker, or an entry
    whose score is a reserved id's (scored as a word and named anyhow), or a word the vocabulary does not have."""
    vocabulary, reserved = tables["logit"], ref.reserved_scores()
    strangers = [(w, s) for w, s in pairs if w not in vocabulary]
    markers = [w for w, s in strangers if w in reserved or any(_close(s, r) for r in reserved.values())]
    expect(not markers, "reserved", got=", ".join(map(repr, markers[:4])), expected="words only (ids 4 to 9,999)",
           words=", ".join(map(repr, markers[:4])))
    expect(not strangers, "not_a_word", got=", ".join(repr(w) for w, _ in strangers[:3]),
           expected="words of raw_index whose rank + 3 is below 10,000", words=", ".join(repr(w) for w, _ in strangers[:3]))


def _slip(pairs, tables) -> str | None:
    """The message key of the slip that gives exactly these scores (None: none of them, or the right ones)."""
    def all_in(table, sign=1.0):
        return all(w in table and _close(s, sign * table[w]) for w, s in pairs)

    if all_in(tables["logit"]):
        return None
    for name, key in SLIPS.items():
        if all_in(tables[name]):
            return key
    return "sign" if all_in(tables["logit"], -1.0) else None


def _shown(pairs, n=4) -> str:
    return ", ".join(f"{w!r} {s:.2f}" for w, s in pairs[:n])


def test_returns_two_lists(scored):
    """word_scores returns (positive, negative): two lists of 20 (word, score) pairs, each word a string, each score a number."""


def test_scores_are_logits(scored, tables, ref):
    """Each word's score is the kata's: the model's logit (no sigmoid) for a review made of that word alone."""
    right = tables["logit"]
    for pairs in scored:
        slip = _slip(pairs, tables)
        if slip is not None:
            fail(slip, got=_shown(pairs), expected=_shown([(w, right.get(w, math.nan)) for w, _ in pairs]))
        _unknown(pairs, tables, ref)
        wrong = [(w, s) for w, s in pairs if not _close(s, right[w])]
        expect(not wrong, "scores", got=_shown(wrong), expected=_shown([(w, right[w]) for w, _ in wrong]))


def _check_list(pairs, tables, ref, positive: bool) -> None:
    """The list holds the COUNT most positive (or negative) words, best first: the i-th word's score, as the judge
    computes it, is the i-th best score (ties in either order)."""
    right = tables["logit"]
    wanted = ref.ranked(right, len(pairs), positive)
    slip = _slip(pairs, tables)
    if slip is not None:
        fail(slip, got=_shown(pairs), expected=_shown(wanted))
    _unknown(pairs, tables, ref)
    if all(_close(right[w], score) for (w, _), (_, score) in zip(pairs, wanted)):
        return
    shown = dict(got=_shown([(w, right[w]) for w, _ in pairs]), expected=_shown(wanted))
    which = t("words.which." + ("positive" if positive else "negative"))
    if {w for w, _ in pairs} == {w for w, _ in ref.ranked(right, len(pairs), not positive)}:
        fail("reversed", which=which, **shown)
    if {w for w, _ in pairs} == {w for w, _ in wanted}:
        fail("order", which=which, **shown)
    fail("words", which=which, **shown)


def test_most_positive_words(scored, tables, ref):
    """The first list holds the 20 words with the highest scores, highest first."""
    _check_list(scored[0], tables, ref, positive=True)


def test_most_negative_words(scored, tables, ref):
    """The second list holds the 20 words with the lowest scores, lowest first."""
    _check_list(scored[1], tables, ref, positive=False)


def test_every_word_once(learner, ref, tables, seen):
    """Asked for as many words as the vocabulary has (9,996), each list holds every word once, and nothing else."""
    learner.function("word_scores")
    right = tables["logit"]
    count = len(right)
    lists = _lists(learner.call("word_scores", PostModel(trained=True), ref.raw_word_index(), count), count)
    for positive, pairs in zip((True, False), lists):
        slip = _slip(pairs, tables)
        if slip is not None:
            fail(slip, got=_shown(pairs), expected=_shown(ref.ranked(right, len(pairs), positive)))
        _unknown(pairs, tables, ref)
        counted = Counter(w for w, _ in pairs)
        twice = sorted(w for w, n in counted.items() if n > 1)[:3]
        expect(not twice, "twice", got=", ".join(map(repr, twice)), expected="each word once", words=", ".join(map(repr, twice)))
    top, bottom = _SHOWN.get("positive") or [], _SHOWN.get("negative") or []
    seen.add(lambda: {"positive": _listed(top), "negative": _listed(bottom), "words": count, "top": top[0][0],
                      "top_score": f"{top[0][1]:.1f}", "bottom": bottom[0][0], "bottom_score": f"{bottom[0][1]:.1f}"}
             if top and bottom else {})


def _listed(pairs) -> str:
    return ", ".join(w for w, _ in pairs[:SHOWN])


def after_pass(learner, seen):
    """Once the checks pass: plots/words.png, the learner's words (as their word_scores gave them) placed by their
    score, in the project (exercises only, never a copy being graded)."""
    from kata.judge.pictures import draw_words
    from kata.manifest import ROOT

    positive, negative = _SHOWN.get("positive"), _SHOWN.get("negative")
    if learner.path.parent != ROOT / "exercises" or learner.overrides or not positive or not negative:
        return
    folder = ROOT / "plots"
    folder.mkdir(exist_ok=True)
    draw_words(positive, negative, folder / "words.png")
    seen.add({"words_png": "plots/words.png"})
