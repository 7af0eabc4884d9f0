"""Step 7 · split: checks for exercises/07_split.py (split_validation).

split_validation() gets copies of the kata's own padded training data, (25000, 256), and labels.
To tell where each returned review comes from, rows are compared by content with the padded
training and test data (the data set has a few duplicate reviews, which the checks allow for).
"""

import numpy as np
import pytest

from kata.judge.checking import expect, fail
from kata.judge.knobs import Knob, Space, knob_feedback
from kata.i18n import t

NAMES = ("partial_x_train", "partial_y_train", "x_val", "y_val")

# The post's four slices, knob by knob: the values a learner may write instead of the post's. A slice knob holds
# x and y together (the labels follow their reviews) unless the labels' own knob is changed.
KNOBS = [
    Knob("val", slice(None, 10000), (slice(-10000, None), slice(10000, None), slice(None, 10001), slice(None, 9999)),
         at=("train_data[{}]", "train_labels[{}]"), shown="x_val = train_data[{}]"),
    Knob("train", slice(10000, None), (slice(None, -10000), slice(None, 10000), slice(None), slice(9999, None),
                                       slice(10001, None)),
         at=("train_data[{}]", "train_labels[{}]"), shown="partial_x_train = train_data[{}]"),
    Knob("y_val", slice(None, 10000), (slice(10000, None), slice(-10000, None), slice(None, 15000)),
         at="train_labels[{}]", shown="y_val = train_labels[{}]"),
    Knob("partial_y", slice(10000, None), (slice(None, 15000), slice(None, 10000), slice(15000, None)),
         at="train_labels[{}]", shown="partial_y_train = train_labels[{}]"),
    # the bound itself, the same in the four slices
    Knob("validation", 10000, (15000, 5000, 1000, 9999, 10001, 12500, 20000), at="{}",
         shown="x_val = train_data[:{0}], partial_x_train = train_data[{0}:]"),
]


@pytest.fixture(scope="module")
def data(ref):
    (x, y), (x_test, _) = ref.padded()
    return x, y, x_test


def _keys(rows, dtype):
    return [row.tobytes() for row in np.ascontiguousarray(rows.astype(dtype, copy=False))]


@pytest.fixture(scope="module")
def origin(data):
    """Row content -> first training index, row content -> set of labels, and the test rows' contents."""
    x, y, x_test = data
    first, labels = {}, {}
    for i, key in enumerate(_keys(x, x.dtype)):
        first.setdefault(key, i)
        labels.setdefault(key, set()).add(int(y[i]))
    return first, labels, set(_keys(x_test, x.dtype))


@pytest.fixture(scope="module")
def parts(learner, data, seen):
    x, y, _ = data
    result = learner.call("split_validation", x, y)
    try:
        (px, py), (vx, vy) = result
    except (TypeError, ValueError):
        fail("structure", got=result, expected="((partial_x_train, partial_y_train), (x_val, y_val))")
    arrays = {}
    for name, value in zip(NAMES, (px, py, vx, vy)):
        try:
            arr = np.asarray(value)
        except (TypeError, ValueError):
            arr = np.asarray(None)
        wanted = x.shape[1:] if name.startswith(("x", "partial_x")) else ()
        ok = arr.dtype.kind in "iuf" and arr.ndim == 1 + len(wanted) and arr.shape[1:] == wanted
        expect(ok, "type", got=value, expected=f"array shape (n, {', '.join(map(str, wanted))})" if wanted else "array shape (n,)",
               name=name)
        arrays[name] = arr
    seen.add(lambda: {"train_rows": len(arrays["partial_x_train"]), "val_rows": len(arrays["x_val"])})
    return arrays


def _space(data) -> Space:
    """The post's four parts as slices of the training data, knob by knob (slices are views: nothing is copied)."""
    x, y, _ = data
    post = {k.name: k.post for k in KNOBS}

    def build(val, train, y_val, partial_y, validation):
        val = slice(None, validation) if val == post["val"] else val
        train = slice(validation, None) if train == post["train"] else train
        y_val = val if y_val == post["y_val"] else y_val
        partial_y = train if partial_y == post["partial_y"] else partial_y
        return {"partial_x_train": x[train], "partial_y_train": y[partial_y], "x_val": x[val], "y_val": y[y_val]}

    def same(got, built):
        return all(got[n].shape == built[n].shape for n in NAMES) and all(np.array_equal(got[n], built[n]) for n in NAMES)

    space = Space(KNOBS, build, same, what="split.knob_what.checked")
    space.budget = sum(1 for _ in space.changes())  # slices cost nothing: every single knob and pair is tried
    return space


@pytest.fixture(scope="module")
def named(parts, data, ref):
    """The post's knobs whose change gives the learner's four parts, or None (the post's parts, or no such change)."""
    (rx, ry), (rv, rvy) = ref.split()
    if all(np.array_equal(parts[n], r) for n, r in zip(NAMES, (rx, ry, rv, rvy))):
        return None
    return _space(data).explain(parts)


def _diagnose(named):
    """Parts that are not the post's, named by the knob whose change gives them, when one does."""
    if named is not None:
        raise knob_feedback(named, "split", what=t("split.knob_what.checked"))


def test_validation_comes_from_training_data(parts, data, origin, named):
    """The validation reviews and the training part are training reviews, not test reviews."""
    _diagnose(named)
    x, _, _ = data
    first, _, test = origin
    for name in ("x_val", "partial_x_train"):
        keys = _keys(parts[name], x.dtype)
        from_test = sum(k not in first and k in test for k in keys)
        expect(from_test == 0, "from_test", name=name, count=from_test, total=len(keys))
        elsewhere = sum(k not in first and k not in test for k in keys)
        expect(elsewhere == 0, "changed", name=name, count=elsewhere, total=len(keys))


def test_no_overlap(parts, data, ref, named):
    """No review is both in the validation set and in the training part."""
    _diagnose(named)
    x, _, _ = data
    both = len(set(_keys(parts["x_val"], x.dtype)) & set(_keys(parts["partial_x_train"], x.dtype)))
    (rx, _), (rv, _) = ref.split()
    duplicates = len(set(_keys(rv, x.dtype)) & set(_keys(rx, x.dtype)))  # the same review text twice in the data set
    expect(both <= duplicates, "overlap", got=f"len(set(x_val) & set(partial_x_train)) == {both}",
           expected=f"<= {duplicates}", count=both - duplicates)


def test_sizes(parts, ref, named):
    """15,000 reviews to train on and 10,000 to validate."""
    _diagnose(named)
    (rx, _), (rv, _) = ref.split()
    got = (len(parts["partial_x_train"]), len(parts["x_val"]))
    wanted = (len(rx), len(rv))
    names = "(len(partial_x_train), len(x_val))"
    expect(got != wanted[::-1], "swapped", got=f"{names} == {got}", expected=f"{names} == {wanted}")
    expect(got == wanted, "sizes", got=f"{names} == {got}", expected=f"{names} == {wanted}")


def _where(part, x, first):
    """The learner's part described as a slice of train_data: `train_data[-10000:]`-like text."""
    keys = _keys(part, x.dtype)
    start = first.get(keys[0]) if keys else None
    if start is not None and np.array_equal(part, x[start:start + len(part)]):
        end = start + len(part)
        return f"train_data[{start or ''}:{end if end < len(x) else ''}]"
    shown = ", ".join(str(first.get(k, "?")) for k in keys[:4])
    return f"train_data[[{shown}, ...]]"


def test_first_10000_validate(parts, data, origin, ref, named):
    """x_val is the first 10,000 training reviews and partial_x_train the rest, in their order."""
    _diagnose(named)
    x, _, _ = data
    first, _, _ = origin
    (rx, _), (rv, _) = ref.split()
    if np.array_equal(parts["x_val"], rv) and np.array_equal(parts["partial_x_train"], rx):
        return
    got = f"x_val = {_where(parts['x_val'], x, first)}, partial_x_train = {_where(parts['partial_x_train'], x, first)}"
    fail("order", got=got, expected=f"x_val = train_data[:{len(rv)}], partial_x_train = train_data[{len(rv)}:]")


def test_labels_follow_their_reviews(parts, data, origin, named):
    """y_val and partial_y_train hold the labels of the reviews in x_val and partial_x_train."""
    _diagnose(named)
    x, _, _ = data
    _, labels, _ = origin
    for x_name, y_name in (("x_val", "y_val"), ("partial_x_train", "partial_y_train")):
        x_part, y_part = parts[x_name], parts[y_name]
        sizes = f"len({x_name}), len({y_name})"
        expect(len(y_part) == len(x_part), "labels_size", got=f"{sizes} == {len(x_part), len(y_part)}",
               expected=f"{sizes} == {len(x_part), len(x_part)}", name=y_name, reviews=x_name)
        keys, got = _keys(x_part, x.dtype), y_part.tolist()
        wrong = [n for n, (key, label) in enumerate(zip(keys, got)) if key in labels and label not in labels[key]]
        if wrong:
            n = wrong[0]
            fail("labels", got=f"{y_name}[{n}] == {got[n]}", expected=f"{y_name}[{n}] == {min(labels[keys[n]])}",
                 name=y_name, reviews=x_name, count=len(wrong), total=len(got))
