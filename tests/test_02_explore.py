"""Step 2 · explore: checks for exercises/02_explore.py (explore).

explore() is called twice with the kata's own training split: once whole, once with a slice of
1,001 reviews (an odd count, so positives and negatives can never tie there). The slice tells a
count that was computed from a count that was typed in, and a count of ones from a count of zeros.
"""

import numpy as np
import pytest

from kata.judge.checking import expect, fail, is_number, show
from kata.judge.knobs import Code, Knob, Space
from kata.i18n import t

KEYS = ("entries", "labels", "first_review", "first_two_lengths", "positives")
PART = slice(1000, 2001)

# The post's code, knob by knob: what is counted, which review is read, which label is counted; and the values a
# learner may write instead. FACT: the key of the dict each knob makes.
KNOBS = [
    Knob("entries", Code("train_data"), (Code("train_data[0]"),), at="len({})", shown='"entries": len({})'),
    Knob("labels", Code("train_labels"), (Code("set(train_labels)"),), at="len({})", shown='"labels": len({})'),
    Knob("first", 0, (1, -1), at="list(train_data[{}])", shown='"first_review": train_data[{}]'),
    Knob("lengths", (0, 1), ((1, 2), (1, 0), (0, 0)), at="(len(train_data[{}]), len(train_data[{}]))",
         shown='"first_two_lengths": (len(train_data[{}]), len(train_data[{}]))'),
    Knob("label", 1, (0,), at="np.asarray(train_labels) == {}", shown='"positives": np.sum(train_labels == {})'),
]
FACT = {"entries": "entries", "labels": "labels", "first": "first_review", "lengths": "first_two_lengths",
        "label": "positives"}


def _counted(text, x, y):
    """What a knob's code counts (`train_data[0]`, `set(train_labels)`): the kata's own code, on the judge's data."""
    return eval(text, {"__builtins__": {"set": set, "list": list}}, {"train_data": x, "train_labels": y})  # noqa: S307


def _fact(key, settings, x, y):
    """The post's value of `key` for reviews x and labels y, with the knobs set to `settings`."""
    if key == "entries":
        return len(_counted(settings["entries"], x, y))
    if key == "labels":
        return len(_counted(settings["labels"], x, y))
    if key == "first_review":
        return list(x[settings["first"]])
    if key == "first_two_lengths":
        a, b = settings["lengths"]
        return len(x[a]), len(x[b])
    return int(np.sum(np.asarray(y) == settings["label"]))


def _space(key, cases) -> Space:
    """The post's `key` for both calls (the whole split, the slice), by the knobs that make it."""
    (x, y, _), (px, py, _) = cases
    knobs = [k for k in KNOBS if FACT[k.name] == key]
    post = {k.name: k.post for k in KNOBS}

    def build(**settings):
        return _fact(key, {**post, **settings}, x, y), _fact(key, {**post, **settings}, px, py)

    def same(got, built):
        return all(_right(g, b) for g, b in zip(got, built))

    return Space(knobs, build, same, what="explore.knob_what.checked")


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
    part = _explore(learner, x[PART], y[PART])
    (tx, ty) = ref.data()[1]
    _own_data(part, whole, {"train": (x, y), "test": (tx, ty)})
    return (x, y, whole), (x[PART], y[PART], part)


def _own_data(part, whole, splits):
    """explore() answers about a whole split whatever it is given (it loads the data itself): said so."""
    post = {k.name: k.post for k in KNOBS}
    for split, (x, y) in splits.items():
        facts = {key: _fact(key, post, x, y) for key in KEYS}
        if all(_right(part[key], facts[key]) and _right(whole[key], facts[key]) for key in KEYS):
            fail("own_data", got=f"first_two_lengths == {show(part['first_two_lengths'])}",
                 expected=f"first_two_lengths == {_fact('first_two_lengths', post, *_sliced(splits['train']))}",
                 split=t(f"explore.split.{split}"), size=PART.stop - PART.start)


def _sliced(data):
    x, y = data
    return x[PART], y[PART]


def _integer(value) -> bool:
    return is_number(value) and float(value).is_integer()


def _ints(values) -> bool:
    return all(isinstance(v, (int, np.integer)) and not isinstance(v, bool) for v in values)


def _items(value):
    """The items of a list, a tuple or a 1-D array of whole numbers (any valid spelling), else None."""
    if isinstance(value, np.ndarray):
        return value.tolist() if value.ndim == 1 and value.dtype.kind in "iu" else None
    if isinstance(value, (list, tuple)) and _ints(value):
        return [int(v) for v in value]
    return None


def _right(value, want) -> bool:
    """value is want, of the wanted kind: a count, or a sequence of ints (a list, a tuple or an int array)."""
    if isinstance(want, int):
        return _integer(value) and value == want
    return _items(value) == list(want)


def _check(cases, key, wanted, diagnose):
    """Check cases' answers for `key`: wanted(x, y) is right; diagnose(value, x, y) fails with the best message.
    A wrong answer is first named by the post's knob whose change gives it on both calls, when one does."""
    (x, y, full), (px, py, part) = cases
    want_full, want_part = wanted(x, y), wanted(px, py)
    if not (_right(full[key], want_full) and _right(part[key], want_part)):
        _space(key, cases).check((full[key], part[key]), "explore", field=key, size=len(px))
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
    if isinstance(value, (list, tuple, np.ndarray)) and len(value) == 1 and _items(value[0]) == want:
        fail("first_review_wrapped", got=value, expected=want)  # the review inside a list: train_data[:1], [...]
    if isinstance(value, str):
        fail("first_review_text", got=show(value), expected=want)
    if isinstance(value, np.ndarray):
        expect(_items(value) is not None, "first_review_array", got=value, expected=want, dtype=str(value.dtype))
        value = value.tolist()
    if not isinstance(value, (list, tuple)):
        fail("first_review_type", got=value, expected=want, type_name=type(value).__name__)
    expect(_ints(value), "first_review_items", got=value, expected=want)
    value = list(value)
    expect(value != list(x[1]), "first_review_second", got=value, expected=want)
    expect(False, "first_review", got=value, expected=want)


def test_first_review(cases):
    """"first_review" is the first review, a list of word ids."""
    _check(cases, "first_review", lambda x, y: list(x[0]), _first_review)


def _lengths(value, x, y):
    want = (len(x[0]), len(x[1]))
    items = value.tolist() if isinstance(value, np.ndarray) and value.ndim == 1 else value
    ok = isinstance(items, (tuple, list)) and len(items) == 2 and all(_integer(v) for v in items)
    expect(ok, "lengths_type", got=value, expected=want)
    value = tuple(int(v) for v in items)
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
