"""Step 4 · pad: checks for exercises/04_pad.py (pad_reviews)."""

from itertools import islice

import numpy as np
import pytest

from kata.judge.checking import expect, fail, show
from kata.judge.knobs import Knob, Space
from kata.i18n import t

SAMPLES = 5  # short and long reviews looked at to tell which setting is wrong

# The post's pad_sequences call, knob by knob: the values a learner may write instead of the post's.
KNOBS = [
    Knob("padding", "post", ("pre",), call="pad_sequences", arg="padding", also=("dict",)),
    Knob("maxlen", 256, (250, 255, 257, 200, 128, 100, 500, 512), call="pad_sequences", arg="maxlen", also=("dict",)),
    Knob("truncating", "pre", ("post",), call="pad_sequences", arg="truncating", also=("dict",)),
    Knob("value", 0, (1, 2, 3, -1), call="pad_sequences", arg="value", also=("dict",)),
    Knob("dtype", "int32", ("float32",), call="pad_sequences", arg="dtype", also=("dict",)),
]


@pytest.fixture(scope="module")
def reviews(learner, ref):
    """{'train': ragged reviews, 'test': ragged reviews} and the reference padding of each."""
    learner.function("pad_reviews")  # an untouched stub is "not started" before any data is loaded
    (x_train, _), (x_test, _) = ref.data()
    (p_train, _), (p_test, _) = ref.padded()
    return {"train": (x_train, p_train), "test": (x_test, p_test)}


@pytest.fixture(scope="module")
def result(learner, ref, reviews, seen):
    out = learner.call("pad_reviews", reviews["train"][0], reviews["test"][0])
    if not isinstance(out, (tuple, list)) or len(out) != 2:
        fail("structure", got=out, expected="(train_padded, test_padded)")
    seen.add(lambda: {"train_shape": str(tuple(np.shape(out[0]))), "test_shape": str(tuple(np.shape(out[1]))),
                      "tail": "[… " + ", ".join(str(int(v)) for v in np.asarray(out[0])[0][-6:]) + "]"})
    return {"train": out[0], "test": out[1]}


def _name(which):
    return t(f"pad.which.{which}")


def _space(ref, reviews, which) -> Space:
    """The post's padding of a sample of the reviews (short ones, long ones, the first ones), knob by knob."""
    ragged = reviews[which][0]
    short, long_ = _samples(reviews, which, short=True), _samples(reviews, which, short=False)
    rows = sorted(set(short + long_ + list(range(10))))
    sample = [ragged[i] for i in rows]

    def build(**settings):
        return ref.pad(sample, **settings)

    def same(got, built):
        part = got[rows]
        return part.shape == built.shape and part.dtype.kind == built.dtype.kind and np.array_equal(part, built)

    return Space(KNOBS, build, same, what="pad.knob_what.checked")


def _diagnose(arr, ref, reviews, which):
    """A padded set that is not the post's, named by the knob whose change gives it, when one does."""
    expected = reviews[which][1]
    if arr.shape == expected.shape and arr.dtype.kind == expected.dtype.kind and np.array_equal(arr, expected):
        return
    if arr.ndim == 2 and arr.shape[0] == expected.shape[0]:
        _space(ref, reviews, which).check(arr, "pad", which=_name(which))


def _array(result, reviews, which):
    """The learner's padded set as a 2-D array, or the message saying it is not padded."""
    value = result[which]
    try:
        arr = np.asarray(value)
    except ValueError:  # lists of different lengths
        arr = None
    if arr is None or arr.dtype == object or arr.ndim != 2:
        fail(f"{which}_not_padded", got=value, expected=f"array shape {reviews[which][1].shape}", which=_name(which))
    return arr


def _matrix(result, reviews, which, ref):
    """The learner's padded set as a 2-D array of the right shape, or the message saying why not: first the
    post's knob whose change gives it, when one does."""
    arr, expected = _array(result, reviews, which), reviews[which][1]
    _diagnose(arr, ref, reviews, which)
    expect(arr.shape[0] == expected.shape[0], "rows", got=arr.shape, expected=expected.shape, which=_name(which))
    longest = max(len(r) for r in reviews[which][0])
    key = "maxlen" if arr.shape[1] == longest else "maxlen_other"  # no maxlen at all, or another one
    expect(arr.shape[1] == expected.shape[1], key, got=arr.shape, expected=expected.shape,
           which=_name(which), cols=arr.shape[1], longest=longest)
    return arr


def _samples(reviews, which, short: bool):
    ragged, _ = reviews[which]
    maxlen = reviews[which][1].shape[1]
    hits = (i for i, r in enumerate(ragged) if (len(r) < maxlen if short else len(r) > maxlen))
    return list(islice(hits, SAMPLES))


def _padding_side(arr, reviews, which):
    """Words first (post) or padding first (pre), read from short reviews; None when neither."""
    ragged, expected = reviews[which]
    for i in _samples(reviews, which, short=True):
        words, row = list(ragged[i]), arr[i].tolist()
        if row[: len(words)] == words:
            return "post"
        if row[-len(words):] == words:
            return "pre"
    return None


def _check_side(arr, reviews, which):
    ragged, expected = reviews[which]
    i = _samples(reviews, which, short=True)[0]
    side = _padding_side(arr, reviews, which)
    expect(side != "pre", "pre", got=show(arr[i]), expected=show(expected[i]), which=_name(which), length=len(ragged[i]))


def _check_value(arr, reviews, which):
    ragged, expected = reviews[which]
    side = _padding_side(arr, reviews, which)
    if side is None:
        return
    for i in _samples(reviews, which, short=True):
        n = len(ragged[i])
        filler = arr[i][n:] if side == "post" else arr[i][: arr.shape[1] - n]
        wanted = expected[i][n:]
        values = sorted(set(np.asarray(filler).tolist()))
        if values != sorted(set(wanted.tolist())):
            fail("value", got=values[0] if len(values) == 1 else values, expected=int(wanted[0]), which=_name(which))


def _check_truncating(arr, reviews, which):
    ragged, expected = reviews[which]
    for i in _samples(reviews, which, short=False):
        words, row, maxlen = list(ragged[i]), arr[i].tolist(), arr.shape[1]
        if row != expected[i].tolist() and row == words[:maxlen]:
            fail("truncating", got=f"{show(row[:4])} ... {show(row[-4:])}",
                 expected=f"{show(expected[i][:4].tolist())} ... {show(expected[i][-4:].tolist())}",
                 which=_name(which), length=len(words))


def _check_all(result, reviews, which, ref):
    """Every check in order, then the exact comparison with pad_sequences' reference result."""
    arr = _matrix(result, reviews, which, ref)
    _check_side(arr, reviews, which)
    _check_value(arr, reviews, which)
    _check_truncating(arr, reviews, which)
    expected = reviews[which][1]
    side = "test" if which == "train" else "train"
    other = reviews[side][1]
    if arr.shape == other.shape and np.array_equal(arr, other):  # swapped only when the other set is this one
        theirs = np.asarray(result[side])
        swapped = theirs.shape == expected.shape and np.array_equal(theirs, expected)
        fail("swapped" if swapped else "same_set", got=show(arr[0]), expected=show(expected[0]),
             which=_name(which), other=_name(side))
    expect(np.issubdtype(arr.dtype, np.integer), "dtype", got=str(arr.dtype), expected=str(expected.dtype), which=_name(which))
    if not np.array_equal(arr, expected):
        row = int(np.argmax((arr != expected).any(axis=1)))
        fail("values", got=show(arr[row]), expected=show(expected[row]), which=_name(which), row=row)


def test_two_padded_arrays(result, reviews, ref):
    """pad_reviews returns two 2-D arrays, the training and the test reviews both padded."""
    _array(result, reviews, "train")
    _array(result, reviews, "test")


def test_shape(result, reviews, ref):
    """Both sets have shape (25000, 256): every review is exactly 256 ids long."""
    for which in ("train", "test"):
        _matrix(result, reviews, which, ref)


def test_padding_after_the_words(result, reviews, ref):
    """Short reviews keep their words first and get the padding after them (padding='post')."""
    for which in ("train", "test"):
        _check_side(_matrix(result, reviews, which, ref), reviews, which)


def test_pad_value(result, reviews, ref):
    """The padding is the <PAD> id, 0."""
    for which in ("train", "test"):
        arr = _matrix(result, reviews, which, ref)
        _check_value(arr, reviews, which)


def test_long_reviews_cut_like_the_post(result, reviews, ref):
    """Reviews longer than 256 ids are cut the way pad_sequences does by default (truncating='pre')."""
    for which in ("train", "test"):
        _check_truncating(_matrix(result, reviews, which, ref), reviews, which)


def test_same_as_reference(result, reviews, ref):
    """Both arrays equal keras.utils.pad_sequences(..., value=0, padding='post', maxlen=256), in order."""
    for which in ("train", "test"):
        _check_all(result, reviews, which, ref)
