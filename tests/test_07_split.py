"""Step 7 · split: checks for exercises/07_split.py (split_validation).

split_validation() gets copies of the kata's own padded training data, (25000, 256), and labels.
To tell where each returned review comes from, rows are compared by content with the padded
training and test data (the data set has a few duplicate reviews, which the checks allow for).
"""

import numpy as np
import pytest

from kata.judge.checking import expect, fail

NAMES = ("partial_x_train", "partial_y_train", "x_val", "y_val")


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


def test_validation_comes_from_training_data(parts, data, origin):
    """The validation reviews and the training part are training reviews, not test reviews."""
    x, _, _ = data
    first, _, test = origin
    for name in ("x_val", "partial_x_train"):
        keys = _keys(parts[name], x.dtype)
        from_test = sum(k not in first and k in test for k in keys)
        expect(from_test == 0, "from_test", name=name, count=from_test, total=len(keys))
        elsewhere = sum(k not in first and k not in test for k in keys)
        expect(elsewhere == 0, "changed", name=name, count=elsewhere, total=len(keys))


def test_no_overlap(parts, data, ref):
    """No review is both in the validation set and in the training part."""
    x, _, _ = data
    both = len(set(_keys(parts["x_val"], x.dtype)) & set(_keys(parts["partial_x_train"], x.dtype)))
    (rx, _), (rv, _) = ref.split()
    duplicates = len(set(_keys(rv, x.dtype)) & set(_keys(rx, x.dtype)))  # the same review text twice in the data set
    expect(both <= duplicates, "overlap", got=f"len(set(x_val) & set(partial_x_train)) == {both}",
           expected=f"<= {duplicates}", count=both - duplicates)


def test_sizes(parts, ref):
    """15,000 reviews to train on and 10,000 to validate."""
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


def test_first_10000_validate(parts, data, origin, ref):
    """x_val is the first 10,000 training reviews and partial_x_train the rest, in their order."""
    x, _, _ = data
    first, _, _ = origin
    (rx, _), (rv, _) = ref.split()
    if np.array_equal(parts["x_val"], rv) and np.array_equal(parts["partial_x_train"], rx):
        return
    got = f"x_val = {_where(parts['x_val'], x, first)}, partial_x_train = {_where(parts['partial_x_train'], x, first)}"
    fail("order", got=got, expected=f"x_val = train_data[:{len(rv)}], partial_x_train = train_data[{len(rv)}:]")


def test_labels_follow_their_reviews(parts, data, origin):
    """y_val and partial_y_train hold the labels of the reviews in x_val and partial_x_train."""
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
