"""Step 14's private reviews (KATA_PRIVATE_REVIEWS, kata/judge/oracle/private.py): read in each documented form,
encoded exactly as load_data() encodes reviews, and a public accuracy too far above the private one flagged.

The sets here are generated: made-up reviews (the forms), and IMDB test reviews turned back into text (their words joined by spaces), so that the
judge's encoding must give back load_data()'s very ids. e2e: step 14's checks graded on such a set, once with the
right labels (no flag, private accuracy about the public one) and once with half of them flipped (flagged).
"""

from __future__ import annotations

import csv
import json

import numpy as np
import pytest

from kata.judge import oracle, reports, scoring
from kata.judge.oracle import private
from kata.manifest import ROOT, step
from selftest.harness import run_checks

SIZE = 300  # reviews in a generated set (above private.MIN_REVIEWS)


def sample(size=SIZE, offset=0):
    """(texts, labels, ids): `size` test reviews as text, their labels and load_data()'s ids of them (every word)."""
    _, (x_test, y_test) = oracle.full_data()
    reverse = oracle.reverse_word_index()
    chosen = range(offset, offset + size)
    texts = [" ".join(reverse[i] for i in x_test[n][1:]) for n in chosen]
    return texts, [int(y_test[n]) for n in chosen], [list(x_test[n]) for n in chosen]


def made_up(size=120):
    """Reviews written here (no data needed): (texts, labels)."""
    words = ["a wonderful film, moving and funny", "dull and far too long", "Ça ne vaut rien: \"awful\"", "7/10"]
    return [f"{words[n % 4]} #{n}" for n in range(size)], [int(n % 4 in (0, 3)) for n in range(size)]


def write_folders(folder, texts, labels):
    for n, (text, label) in enumerate(zip(texts, labels)):
        sub = folder / ("pos" if label == 1 else "neg")
        sub.mkdir(parents=True, exist_ok=True)
        (sub / f"{n:05d}_review.txt").write_text(text, encoding="utf-8")
    return folder


def test_every_form_reads_the_same_reviews(tmp_path):
    texts, labels = made_up()
    folders = write_folders(tmp_path / "set", texts, labels)
    with open(tmp_path / "set.csv", "w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(["text", "label"])
        writer.writerows([t, "pos" if y else "neg"] for t, y in zip(texts, labels))
    (tmp_path / "set.jsonl").write_text("".join(json.dumps({"text": t, "label": y}) + "\n" for t, y in zip(texts, labels)),
                                        encoding="utf-8")
    wanted = sorted(zip(texts, labels))
    for spec in (folders, tmp_path / "set.csv", tmp_path / "set.jsonl"):
        assert sorted(private.read(str(spec))) == wanted, spec


def test_a_set_that_cannot_grade_says_why(tmp_path):
    texts, labels = made_up()
    few = write_folders(tmp_path / "few", texts[:10], labels[:10])
    (tmp_path / "bad.jsonl").write_text(json.dumps({"text": "good", "label": "maybe"}) + "\n", encoding="utf-8")
    (tmp_path / "nothing.txt").write_text("", encoding="utf-8")
    for spec, words in ((few, "at least"), (tmp_path / "bad.jsonl", "'maybe'"), (tmp_path / "nothing.txt", "not a folder")):
        with pytest.raises(private.PrivateSetError, match=words):
            private.read(str(spec))


@pytest.mark.e2e  # the data with every word: a cold preparation of its own on a fresh cache
def test_reviews_are_encoded_as_load_data_encodes_them(tmp_path, monkeypatch):
    """The test reviews written as text come back as load_data()'s ids, <START> first; a word the index lacks
    (and any case or punctuation) is read as load_data's reviews were made."""
    texts, labels, ids = sample()
    monkeypatch.setenv(private.VARIABLE, str(write_folders(tmp_path / "set", texts, labels)))
    x, y = private.private_reviews()
    order = sorted(range(SIZE), key=lambda n: (-labels[n], n))  # pos/ first, then neg/, each in file order
    assert y == [labels[n] for n in order]
    assert x == [ids[n] for n in order]
    index = oracle.word_index()
    encoded = private.encode_all(["Great, GREAT film!!! zzqxv-unknownword"], index)
    assert encoded == [[1, index["great"], index["great"], index["film"], 2, 2]]


def test_the_gap_test_flags_a_copy_that_learnt_the_public_labels():
    assert abs(private.public_gap_z(0.9136, 25000, 0.9136, 1000)) < 1e-9
    assert private.public_gap_z(0.9136, 25000, 0.905, 1000) < private.Z_FLAG  # chance, on 1,000 reviews
    assert private.public_gap_z(0.995, 25000, 0.91, 1000) > private.Z_FLAG  # the published labels, learnt
    assert private.public_gap_z(0.91, 25000, 0.95, 1000) < 0  # a private set easier than the public one: no flag


def test_a_checks_flag_reaches_the_reports():
    improve = step("improve")
    flagged = scoring.StepGrade(improve, "done", [], seen={"accuracy": 0.5, "public_accuracy": 0.99, "flag": "step 14: z"})
    tampered = scoring.StepGrade(improve, "tampered", [], seen={"flag": "not trusted"})
    assert scoring.check_flags([flagged, tampered]) == ["step 14: z"]
    from kata.judge import integrity

    g = scoring.Grade([flagged], integrity.Integrity(checked=False, basis="none"), "exercises", flags=["step 14: z"])
    results = reports.results_json(g)
    assert results["flags"] == ["step 14: z"]
    assert results["challenge_accuracy"] == 0.5 and results["challenge_public_accuracy"] == 0.99


FAST = '''
import keras
import numpy as np


def bag(reviews):
    x = np.zeros((len(reviews), 5000), dtype="float32")
    for i, review in enumerate(reviews):
        ids = np.asarray(review)
        x[i, ids[ids < 5000]] = 1
    return x


def improve(train_data, train_labels):
    keras.utils.set_random_seed(14)
    model = keras.Sequential([keras.Input((5000,)), keras.layers.Dense(1, activation="sigmoid")])
    model.compile(optimizer=keras.optimizers.Adam(0.01), loss="binary_crossentropy")
    model.fit(bag(train_data[:8000]), np.asarray(train_labels[:8000], dtype="float32"), epochs=2, batch_size=256, verbose=0)
    return model


def predict_reviews(model, reviews):
    return model.predict(bag(reviews), verbose=0, batch_size=1024).ravel()
'''


@pytest.mark.e2e
@pytest.mark.parametrize("flipped", [False, True], ids=["honest", "flipped"])
def test_step_14_is_graded_on_the_private_reviews(tmp_path, monkeypatch, flipped):
    """A quick model (about 0.85) through step 14's checks with a private set of 300 test reviews: graded on them,
    the public accuracy beside; with half the labels flipped, the private accuracy falls to about 0.5 and the
    public one is flagged as too good."""
    texts, labels, _ = sample(offset=1000)
    if flipped:
        labels = [1 - y if n % 2 else y for n, y in enumerate(labels)]
    monkeypatch.setenv(private.VARIABLE, str(write_folders(tmp_path / "set", texts, labels)))
    fast = tmp_path / "fast_14.py"
    fast.write_text(FAST, encoding="utf-8")
    seen: dict = {}
    records = run_checks(step("improve"), "solutions", overrides=[fast], seen=seen)
    assert {r["name"] for r in records if r["outcome"] == "passed"} >= {"test_returns_a_trained_model",
                                                                      "test_predicts_probabilities"}, records
    assert seen["private_reviews"] == SIZE and seen["accuracy"] == seen["private_accuracy"]
    assert 0.8 < seen["public_accuracy"] < 0.9, seen
    if flipped:
        assert abs(seen["private_accuracy"] - 0.5) < 0.1 and seen["public_gap_z"] > private.Z_FLAG
        assert "published test labels" in seen["flag"], seen
    else:
        assert abs(seen["private_accuracy"] - seen["public_accuracy"]) < 0.06 and "flag" not in seen, seen
    assert np.isfinite(seen["public_gap_z"]) and str(ROOT) not in str(seen)
