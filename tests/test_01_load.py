"""Step 1 · load: checks for exercises/01_load.py (load_imdb).

A result that is not load_data(num_words=10000)'s is first compared with what load_data gives with one of its
settings changed (then two): the judge rebuilds those results from the raw file, in NumPy, the way the kata's
loader (kata/shared/imdb.py, the same steps as Keras's) makes them, shuffle included.
"""

import itertools
from functools import lru_cache

import numpy as np
import pytest

from kata.judge.checking import expect, fail
from kata.judge.knobs import Knob, Space, knob_feedback
from kata.i18n import t

SPLITS = ("train", "test")
HEAD = 20  # reviews of each split compared before the whole split (most other settings differ there already)

# The post's load_data call, knob by knob: the values a learner may write instead of the post's (the defaults
# the post leaves alone are knobs too: a learner may set them).
KNOBS = [
    Knob("num_words", 10000, (5000, 20000, None, 1000, 88000), call="load_data", arg="num_words"),
    Knob("maxlen", None, (256, 500, 100, 200, 1000), call="load_data", arg="maxlen"),
    Knob("skip_top", 0, (10, 20, 50, 100), call="load_data", arg="skip_top"),
    Knob("index_from", 3, (0, 1, 2, 4), call="load_data", arg="index_from"),
    Knob("start_char", 1, (None, 0, 2), call="load_data", arg="start_char"),
    Knob("oov_char", 2, (None, 0, 1, 3), call="load_data", arg="oov_char"),
    Knob("seed", 113, (42, 0, 1, 7, 123, 1234), call="load_data", arg="seed"),
]


@pytest.fixture(scope="module")
def loaded(learner, seen):
    result = learner.call("load_imdb")
    try:
        (x_train, y_train), (x_test, y_test) = result
    except (TypeError, ValueError):
        fail("structure", got=result, expected="((train_data, train_labels), (test_data, test_labels))")
    seen.add(lambda: {"train": len(x_train), "test": len(x_test), "positive": int(np.sum(np.asarray(y_train) == 1)),
                      "negative": int(np.sum(np.asarray(y_train) == 0))})
    return x_train, y_train, x_test, y_test


# --- load_data with other settings, rebuilt from the raw file -----------------------------------------------

@lru_cache(maxsize=1)
def _raw():
    """{split: (flat ids, review starts, review lengths, labels, each review's largest id)} of imdb.npz as it is
    stored (before load_data shuffles, shifts or cuts anything)."""
    from kata.shared import imdb

    out = {}
    with np.load(imdb.data_file("imdb.npz", imdb.NPZ_SHA256, "imdb.npz"), allow_pickle=True) as f:  # the kata's file
        for split in SPLITS:
            x, y = f[f"x_{split}"], np.asarray(f[f"y_{split}"])
            lengths = np.fromiter(map(len, x), dtype=np.int64, count=len(x))
            flat = np.fromiter(itertools.chain.from_iterable(x), dtype=np.int64, count=int(lengths.sum()))
            starts = np.cumsum(lengths) - lengths
            top = np.full(len(x), -1, dtype=np.int64)
            full = lengths > 0
            top[full] = np.maximum.reduceat(flat, starts[full]) if full.any() else top[full]
            out[split] = (flat, starts, lengths, y, top)
    return out


def _gather(flat, starts, lengths, rows):
    """The reviews `rows` one after the other: (their lengths, their ids)."""
    lens = lengths[rows]
    begin = np.cumsum(lens) - lens
    pos = np.arange(int(lens.sum())) - np.repeat(begin, lens) + np.repeat(starts[rows], lens)
    return lens, flat[pos]


class _Loaded:
    """What load_data gives with these settings, made on demand: the sizes and labels first (cheap), the ids of the
    first reviews, then all of them."""

    def __init__(self, num_words, maxlen, skip_top, index_from, start_char, oov_char, seed):
        raw = _raw()
        self.settings = dict(skip_top=skip_top, index_from=index_from, start_char=start_char, oov_char=oov_char)
        rng = np.random.RandomState(seed)
        self.rows = {}
        for split in SPLITS:  # train first, then test, with the same generator (as load_data)
            order = np.arange(len(raw[split][2]))
            rng.shuffle(order)
            if maxlen:  # load_data keeps the reviews shorter than maxlen (the start id counted)
                order = order[raw[split][2][order] + (start_char is not None) < maxlen]
            self.rows[split] = order
        if any(len(rows) == 0 for rows in self.rows.values()):
            raise ValueError("no review is kept")
        if not num_words:  # load_data's vocabulary is then every id it has, up to the largest (excluded)
            num_words = max(max(int(raw[s][4][r].max()) + index_from for s, r in self.rows.items()), start_char or 0)
        self.num_words = num_words

    def labels(self, split):
        return _raw()[split][3][self.rows[split]]

    def ids(self, split, head: int | None = None):
        """(lengths, flat ids) of the split's reviews (its first `head` ones only, when given)."""
        flat, starts, lengths, _, _ = _raw()[split]
        rows = self.rows[split][:head] if head else self.rows[split]
        s = self.settings
        lens, ids = _gather(flat, starts, lengths, rows)
        ids = ids + s["index_from"]
        if s["start_char"] is not None:
            ids = np.insert(ids, np.cumsum(lens) - lens, s["start_char"])
            lens = lens + 1
        inside = (ids >= s["skip_top"]) & (ids < self.num_words)
        if s["oov_char"] is not None:
            return lens, np.where(inside, ids, s["oov_char"])
        review = np.repeat(np.arange(len(lens)), lens)
        return np.bincount(review[inside], minlength=len(lens)), ids[inside]


def _flat(reviews):
    """(lengths, flat ids) of the learner's reviews (lists, tuples or arrays of ids)."""
    lengths = np.fromiter(map(len, reviews), dtype=np.int64, count=len(reviews))
    return lengths, np.fromiter(itertools.chain.from_iterable(reviews), dtype=np.int64, count=int(lengths.sum()))


def _same(got, built: _Loaded) -> bool:
    """The learner's splits are exactly `built`'s: sizes and labels, then the first reviews, then every id."""
    for split in SPLITS:
        lengths, _, labels = got[split]
        if len(lengths) != len(built.rows[split]) or not np.array_equal(labels, built.labels(split)):
            return False
    for head in (HEAD, None):
        for split in SPLITS:
            lengths, flat, _ = got[split]
            want_lengths, want = built.ids(split, head)
            n = len(want_lengths)
            if not np.array_equal(lengths[:n], want_lengths) or not np.array_equal(flat[:int(want_lengths.sum())], want):
                return False
    return True


@pytest.fixture(scope="module")
def named(loaded, ref):
    """The post's knobs whose change gives the learner's data, or None (load_data's own data, or no such change)."""
    x_train, y_train, x_test, y_test = loaded
    (ref_train, ref_labels), (ref_test, ref_test_labels) = ref.data()
    if x_train is ref_train and x_test is ref_test and np.array_equal(np.asarray(y_train), ref_labels) \
            and np.array_equal(np.asarray(y_test), ref_test_labels):
        return None  # the judge's own reviews, sent back by their digest: load_data's result
    try:
        got = {split: (*_flat(x), np.asarray(y)) for split, x, y in (("train", x_train, y_train), ("test", x_test, y_test))}
    except (TypeError, ValueError, OverflowError):  # not reviews of whole numbers: the checks below say what it is
        return None
    space = Space(KNOBS, lambda **settings: _Loaded(**settings), _same, what="load.knob_what.checked")
    space.budget = sum(1 for _ in space.changes())  # most changes are told apart by their sizes and labels alone
    return space.explain(got)


def _diagnose(named):
    """Data that is not load_data(num_words=10000)'s, named by the setting whose change gives it, when one does."""
    if named is not None:
        raise knob_feedback(named, "load", what=t("load.knob_what.checked"))


def test_sizes(loaded, named):
    """25,000 training and 25,000 test reviews, one label each."""
    _diagnose(named)
    x_train, y_train, x_test, y_test = loaded
    sizes = tuple(len(a) for a in loaded)
    expect(sizes == (25000,) * 4, "sizes", got=sizes, expected=(25000,) * 4)


def test_labels(loaded, named):
    """Labels are 0 or 1, half of each in both splits."""
    _diagnose(named)
    _, y_train, _, y_test = loaded
    for y in (y_train, y_test):
        values = sorted(set(np.asarray(y).tolist()))
        expect(values == [0, 1], "label_values", got=values, expected=[0, 1])
        positives = int(np.sum(np.asarray(y) == 1))
        expect(positives == 12500, "balance", got=positives, expected=12500)


def test_vocabulary(loaded, named):
    """Only the 10,000 most frequent words are kept: every word id is below 10,000."""
    _diagnose(named)
    x_train, _, x_test, _ = loaded
    reviews = [review for review in (*x_train, *x_test) if len(review)]
    expect(reviews, "sizes", got="every review is empty", expected="reviews of word ids")
    biggest = max(max(review) for review in reviews)
    expect(biggest < 10000, "num_words", got=f"largest word id {biggest}", expected="every id below 10000")
    expect(biggest >= 9990, "num_words_small", got=f"largest word id {biggest}", expected="ids up to 9999")


def test_order(loaded, ref, named):
    """The reviews are the ones `load_data` gives, in its order, train and test not swapped."""
    _diagnose(named)
    x_train, y_train, x_test, _ = loaded
    (ref_train, ref_labels), (ref_test, _) = ref.data()
    expect(len(x_train) > 0, "sizes", got="no training reviews", expected="25000 training reviews")
    first = list(x_train[0])
    expect(first != list(ref_test[0]), "swapped", got=first[:8], expected=list(ref_train[0])[:8])
    expect(first == list(ref_train[0]), "order", got=first[:8], expected=list(ref_train[0])[:8])
    expect(np.array_equal(np.asarray(y_train), ref_labels), "order", got="labels in another order", expected="labels as load_data gives them")


def test_test_split(loaded, ref, named):
    """The test reviews and their labels are the ones `load_data` gives, not the training pair again."""
    _diagnose(named)
    x_train, y_train, x_test, y_test = loaded
    (ref_train, ref_labels), (ref_test, ref_test_labels) = ref.data()
    expect(len(x_test) > 0, "sizes", got="no test reviews", expected="25000 test reviews")
    first = list(x_test[0])
    expect(first != list(ref_train[0]), "test_is_train", got=first[:8], expected=list(ref_test[0])[:8])
    expect(first == list(ref_test[0]), "test_order", got=first[:8], expected=list(ref_test[0])[:8])
    labels = np.asarray(y_test)
    if labels.shape == ref_labels.shape and np.array_equal(labels, ref_labels) and not np.array_equal(labels, ref_test_labels):
        fail("test_labels", got="the training labels", expected="test_labels, the labels of the test reviews")
    expect(labels.shape == ref_test_labels.shape and np.array_equal(labels, ref_test_labels), "test_labels",
           got="labels in another order", expected="test_labels as load_data gives them")
