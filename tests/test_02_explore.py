"""Step 2 · explore: checks for exercises/02_explore.py (explore).

explore() is called twice with the kata's own training split: once whole, once with a slice of
1,001 reviews (an odd count, so positives and negatives can never tie there). The slice tells a
count that was computed from a count that was typed in, and a count of ones from a count of zeros.
"""

import numpy as np
import pytest

from kata.judge.checking import expect, fail, is_number, show

KEYS = ("entries", "labels", "first_review", "first_two_lengths", "positives")
PART = slice(1000, 2001)


def _explore(learner, x, y):
    result = learner.call("explore", x, np.array(y))
    if not isinstance(result, dict):
        fail("type", got=result, expected="{" + ", ".join(f'"{k}": ...' for k in KEYS) + "}")
    missing = [k for k in KEYS if k not in result]
    expect(not missing, "keys", got=sorted(map(str, result)), expected=list(KEYS), missing=", ".join(missing))
    return result


@pytest.fixture(scope="module")
def cases(learner, ref, seen):
    """Two (reviews, labels, what explore() returned): the whole training split, then a slice."""
    (x, y), _ = ref.data()
    whole = _explore(learner, x, y)
    seen.add(lambda: {"first_ids": [int(i) for i in list(whole["first_review"])[:8]],
                      "length0": int(whole["first_two_lengths"][0]), "length1": int(whole["first_two_lengths"][1])})
    return (x, y, whole), (x[PART], y[PART], _explore(learner, x[PART], y[PART]))


def _integer(value) -> bool:
    return is_number(value) and float(value).is_integer()


def _ints(values) -> bool:
    return all(isinstance(v, (int, np.integer)) and not isinstance(v, bool) for v in values)


def _right(value, want) -> bool:
    """value is want, of the wanted kind: a count, a list of ints or a tuple of counts."""
    if isinstance(want, int):
        return _integer(value) and value == want
    return type(value) is type(want) and len(value) == len(want) and _ints(value) and list(value) == list(want)


def _check(cases, key, wanted, diagnose):
    """Check cases' answers for `key`: wanted(x, y) is right; diagnose(value, x, y) fails with the best message."""
    (x, y, full), (px, py, part) = cases
    want_full, want_part = wanted(x, y), wanted(px, py)
    if not _right(full[key], want_full):
        diagnose(full[key], x, y)
    value = part[key]
    if not _right(value, want_part):
        if _right(value, want_full):
            fail("hard_coded", got=value, expected=want_part, field=key, size=len(px))
        diagnose(part[key], px, py)


def _count_type(value, key, want):
    expect(_integer(value), "count_type", got=value, expected=want, field=key)


def _entries(value, x, y):
    _count_type(value, "entries", len(x))
    expect(False, "entries", got=value, expected=len(x))


def _labels(value, x, y):
    _count_type(value, "labels", len(y))
    expect(value != len(set(np.asarray(y).tolist())), "labels_classes", got=value, expected=len(y))
    expect(False, "labels", got=value, expected=len(y))


def test_counts(cases):
    """"entries" and "labels" are the numbers of reviews and of labels."""
    _check(cases, "entries", lambda x, y: len(x), _entries)
    _check(cases, "labels", lambda x, y: len(y), _labels)


def _first_review(value, x, y):
    want = list(x[0])
    if isinstance(value, str):
        fail("first_review_text", got=show(value), expected=want)
    if isinstance(value, np.ndarray):
        fail("first_review_array", got=value, expected=want)
    if not isinstance(value, list):
        fail("first_review_type", got=value, expected=want, type_name=type(value).__name__)
    expect(_ints(value), "first_review_items", got=value, expected=want)
    expect(value != list(x[1]), "first_review_second", got=value, expected=want)
    expect(False, "first_review", got=value, expected=want)


def test_first_review(cases):
    """"first_review" is the first review, a list of word ids."""
    _check(cases, "first_review", lambda x, y: list(x[0]), _first_review)


def _lengths(value, x, y):
    want = (len(x[0]), len(x[1]))
    ok = isinstance(value, tuple) and len(value) == 2 and all(_integer(v) for v in value)
    expect(ok, "lengths_type", got=value, expected=want)
    value = tuple(int(v) for v in value)
    expect(value != (len(x), len(y)), "lengths_dataset", got=value, expected=want)
    expect(value != (len(x[1]), len(x[2])), "lengths_shifted", got=value, expected=want)
    expect(value != want[::-1], "lengths_order", got=value, expected=want)
    expect(False, "lengths", got=value, expected=want)


def test_first_two_lengths(cases):
    """"first_two_lengths" is (length of review 0, length of review 1)."""
    _check(cases, "first_two_lengths", lambda x, y: (len(x[0]), len(x[1])), _lengths)


def _positives(value, x, y):
    labels = np.asarray(y)
    ones, zeros = int(np.sum(labels == 1)), int(np.sum(labels == 0))
    _count_type(value, "positives", ones)
    expect(value != len(labels), "positives_all", got=value, expected=ones)
    expect(value != zeros, "positives_negatives", got=value, expected=ones, negatives=zeros)
    expect(value not in (len(labels) // 2, len(labels) / 2), "positives_half", got=value, expected=ones)
    expect(False, "positives", got=value, expected=ones)


def test_positives(cases):
    """"positives" counts the labels equal to 1."""
    _check(cases, "positives", lambda x, y: int(np.sum(np.asarray(y) == 1)), _positives)
