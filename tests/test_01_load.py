"""Step 1 · load: checks for exercises/01_load.py (load_imdb)."""

import numpy as np
import pytest

from kata.judge.checking import expect, fail


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


def test_sizes(loaded):
    """25,000 training and 25,000 test reviews, one label each."""
    x_train, y_train, x_test, y_test = loaded
    sizes = tuple(len(a) for a in loaded)
    expect(sizes == (25000,) * 4, "sizes", got=sizes, expected=(25000,) * 4)


def test_labels(loaded):
    """Labels are 0 or 1, half of each in both splits."""
    _, y_train, _, y_test = loaded
    for y in (y_train, y_test):
        values = sorted(set(np.asarray(y).tolist()))
        expect(values == [0, 1], "label_values", got=values, expected=[0, 1])
        positives = int(np.sum(np.asarray(y) == 1))
        expect(positives == 12500, "balance", got=positives, expected=12500)


def test_vocabulary(loaded):
    """Only the 10,000 most frequent words are kept: every word id is below 10,000."""
    x_train, _, x_test, _ = loaded
    reviews = [review for review in (*x_train, *x_test) if len(review)]
    expect(reviews, "sizes", got="every review is empty", expected="reviews of word ids")
    biggest = max(max(review) for review in reviews)
    expect(biggest < 10000, "num_words", got=f"largest word id {biggest}", expected="every id below 10000")
    expect(biggest >= 9990, "num_words_small", got=f"largest word id {biggest}", expected="ids up to 9999")


def test_order(loaded, ref):
    """The reviews are the ones `load_data` gives, in its order, train and test not swapped."""
    x_train, y_train, x_test, _ = loaded
    (ref_train, ref_labels), (ref_test, _) = ref.data()
    expect(len(x_train) > 0, "sizes", got="no training reviews", expected="25000 training reviews")
    first = list(x_train[0])
    expect(first != list(ref_test[0]), "swapped", got=first[:8], expected=list(ref_train[0])[:8])
    expect(first == list(ref_train[0]), "order", got=first[:8], expected=list(ref_train[0])[:8])
    expect(np.array_equal(np.asarray(y_train), ref_labels), "order", got="labels in another order", expected="labels as load_data gives them")


def test_test_split(loaded, ref):
    """The test reviews and their labels are the ones `load_data` gives, not the training pair again."""
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
