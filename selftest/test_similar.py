"""Copies to look at twice (kata.judge.fingerprint, kata.judge.similar), without grading: fingerprints made from
sources written the ways learners write them, compared as a batch's end compares them."""

from __future__ import annotations

import json
import random
import time
from pathlib import Path

import pytest

from kata.judge import fingerprint, similar
from kata.judge.copies import safe_folder_name
from kata.manifest import step

WANTED = [step("decode"), step("pad")]

# A learner's own step 3 and 4, far from the kata's solution.
OWN_DECODE = '''
def make_word_index(raw_index):
    result = {}
    for word in raw_index:
        result[word] = raw_index[word] + 3
    result["<PAD>"] = 0
    result["<START>"] = 1
    result["<UNK>"] = 2
    result["<UNUSED>"] = 3
    return result


def make_reverse_index(word_index):
    reverse = dict()
    for key, value in word_index.items():
        reverse[value] = key
    return reverse


def decode_review(ids, reverse_word_index):
    words = []
    for number in ids:
        if number in reverse_word_index:
            words.append(reverse_word_index[number])
        else:
            words.append("?")
    return " ".join(words)
'''
OWN_PAD = '''
import numpy as np


def pad_reviews(train_data, test_data):
    def pad(reviews):
        out = np.zeros((len(reviews), 256), dtype="int32")
        for row, review in enumerate(reviews):
            review = review[-256:]
            out[row, :len(review)] = review
        return out
    return pad(train_data), pad(test_data)
'''
# The same code, renamed, commented, documented and reordered.
DISGUISED_DECODE = '''
"""My step 3."""


def decode_review(tokens, lookup):
    """Decode."""
    # build the text word by word
    pieces = []
    for t in tokens:
        if t in lookup:
            pieces.append(lookup[t])
        else:
            pieces.append("?")
    return " ".join(pieces)


def make_reverse_index(index):
    inverted = dict()
    for k, v in index.items():
        inverted[v] = k  # flip
    return inverted


def make_word_index(ranks):
    ids = {}
    for w in ranks:
        ids[w] = ranks[w] + 3
    ids["<UNUSED>"] = 3
    ids["<START>"] = 1
    ids["<PAD>"] = 0
    ids["<UNK>"] = 2
    return ids
'''
DISGUISED_PAD = OWN_PAD.replace("reviews", "texts").replace("out", "matrix").replace("row", "i")
# Another learner's own code: a different way.
OTHER_DECODE = '''
def make_word_index(raw_index):
    index = dict((w, r + 3) for (w, r) in raw_index.items())
    index.update({"<PAD>": 0, "<START>": 1, "<UNK>": 2, "<UNUSED>": 3})
    return index


def make_reverse_index(word_index):
    return dict(zip(word_index.values(), word_index.keys()))


def decode_review(ids, reverse_word_index):
    text = ""
    for i in ids:
        text += reverse_word_index.get(i, "?") + " "
    return text.strip()
'''
OTHER_PAD = '''
import keras


def pad_reviews(train_data, test_data):
    a = keras.utils.pad_sequences(train_data, maxlen=256, padding="post", value=0)
    b = keras.utils.pad_sequences(test_data, maxlen=256, padding="post", value=0)
    return a, b
'''


def test_renaming_comments_and_order_change_no_fragment():
    assert fingerprint.units(OWN_DECODE) == fingerprint.units(DISGUISED_DECODE)
    assert fingerprint.units(OWN_PAD) == fingerprint.units(DISGUISED_PAD)
    assert fingerprint.units(OWN_DECODE) != fingerprint.units(OTHER_DECODE)
    assert fingerprint.units("def broken(:\n") == [] and fingerprint.units("x" * (fingerprint.MAX_SOURCE + 1)) == []
    assert fingerprint.units("(" * 10_000 + ")" * 10_000) == []  # too deep for the parser: no fragments, no crash


def write_class(out: Path, copies: dict[str, tuple[str, str]], probes: dict | None = None) -> list[dict]:
    rows = []
    for name, (decode, pad) in copies.items():
        folder = out / safe_folder_name(name)
        folder.mkdir(parents=True)
        fp = {"format": fingerprint.FORMAT, "code": {"03_decode": fingerprint.units(decode), "04_pad": fingerprint.units(pad)}}
        if probes and name in probes:
            fp["probe"] = probes[name]
        (folder / fingerprint.NAME).write_text(json.dumps(fp))
        rows.append({"learner": name, "score": "1"})
    return rows


def solution(s) -> str:
    return s.solution().read_text(encoding="utf-8")


def test_a_disguised_copy_is_found_and_the_posts_code_is_not(tmp_path):
    copies = {"alice": (OWN_DECODE, OWN_PAD), "bob": (DISGUISED_DECODE, DISGUISED_PAD), "carol": (OTHER_DECODE, OTHER_PAD),
              "dave": (solution(WANTED[0]), solution(WANTED[1])), "erin": (solution(WANTED[0]), solution(WANTED[1]))}
    text = similar.report(tmp_path, write_class(tmp_path, copies), WANTED)
    assert "| 1 | alice · bob | 100 % of their own code" in text, text
    assert "carol" not in text.split("| # |")[1] and "dave ·" not in text and "erin" not in text.split("| # |")[1]
    assert "steps 3, 4" in text and "`for _, _ in _.items()`" in text  # the evidence: which steps, which fragments
    assert "never a penalty" in text


def test_a_small_change_is_still_found_and_little_own_code_is_not_compared(tmp_path):
    edited = DISGUISED_DECODE.replace('pieces.append("?")', 'pieces.append("<?>")')
    tiny = ("def make_word_index(r):\n    return dict(r)\n", "def pad_reviews(a, b):\n    return a, b\n")
    copies = {"alice": (OWN_DECODE, OWN_PAD), "bob": (edited, DISGUISED_PAD), "tom": tiny, "tim": tiny}
    text = similar.report(tmp_path, write_class(tmp_path, copies), WANTED)
    assert "alice · bob" in text and "tim · tom" not in text


def probe(bits: list[int], digest: str = "d" * 32) -> dict:
    value = int("".join(map(str, bits)), 2)
    return {"step": "03_decode", "labels": f"{value:0{len(bits) // 4}x}", "digest": digest}


def test_models_that_agree_beyond_chance_are_found(tmp_path):
    rng = random.Random(3)
    base = [rng.randrange(2) for _ in range(1000)]
    near = list(base)
    for i in (5, 50, 500):
        near[i] ^= 1
    far = [b ^ (rng.random() < 0.1) for b in base]  # another good model: about 1 in 10 differs
    kata = [b ^ (rng.random() < 0.1) for b in base]  # the kata's solution's model
    copies = {"alice": (OWN_DECODE, ""), "bob": (OTHER_DECODE, ""), "carol": (OTHER_DECODE + "\nX = 1\n", ""),
              "dave": (solution(WANTED[0]), ""), "erin": (solution(WANTED[0]), ""), "fay": ("", ""), "gus": ("", "")}
    probes = {"alice": probe(base, "a" * 32), "bob": probe(near, "b" * 32), "carol": probe(far, "c" * 32),
              "dave": probe(kata, "e" * 32), "erin": probe(kata, "e" * 32), "fay": probe([1] * 1000, "f" * 32),
              "gus": probe([1] * 1000, "f" * 32)}
    text = similar.report(tmp_path, write_class(tmp_path, copies, probes), WANTED)
    table = text.split("| # |")[1].split("\n### ")[0]
    assert "| alice · bob | - | agree on 997 of 1000 probe reviews |" in table
    assert "dave · erin" not in table  # the kata's solution twice: the same code trains the same model
    assert "carol" not in table  # a model of its own: it differs on about 100 reviews
    assert "fay" not in table  # answers one class only
    assert table.count(" · ") == 1


def test_two_thousand_copies_are_compared_in_seconds(tmp_path):
    """Each of 2,000 copies has its own code (40 fragments); 20 pairs copied. MinHash and bands: seconds, not
    the 2 million exact comparisons."""
    rng = random.Random(11)
    copies = {}
    for i in range(2000):
        copies[f"l{i:04d}"] = [f"_ = {rng.randrange(10 ** 9)}" for _ in range(40)]
    for i in range(20):
        copies[f"l{1000 + i:04d}"] = list(copies[f"l{i:04d}"])
    rows = []
    for name, units in copies.items():
        folder = tmp_path / name
        folder.mkdir()
        (folder / fingerprint.NAME).write_text(json.dumps({"format": 1, "code": {"03_decode": units}}))
        rows.append({"learner": name, "score": "1"})
    start = time.monotonic()
    text = similar.report(tmp_path, rows, WANTED[:1])
    seconds = time.monotonic() - start
    table = text.split("| # |")[1].split("\n### ")[0]
    assert all(f"l{i:04d} · l{1000 + i:04d}" in table for i in range(20)) and table.count(" · ") == 20
    assert seconds < 30, seconds


@pytest.mark.parametrize("bad", ["", "{", '{"format": 1}', '{"format": 1, "code": []}', "x" * (fingerprint.MAX_FILE + 1)])
def test_a_broken_fingerprint_costs_only_its_copy(tmp_path, bad):
    rows = write_class(tmp_path, {"alice": (OWN_DECODE, OWN_PAD), "bob": (DISGUISED_DECODE, DISGUISED_PAD)})
    (tmp_path / "carol").mkdir()
    (tmp_path / "carol" / fingerprint.NAME).write_text(bad)
    text = similar.report(tmp_path, [*rows, {"learner": "carol", "score": "1"}], WANTED)
    assert "alice · bob" in text and "2 copies compared" in text


def test_a_hostile_report_file_is_ignored_not_a_crash(tmp_path):
    """A results.json or fingerprint.json nested too deeply, a link, or not JSON: read as missing, never a traceback."""
    from kata.judge import classreport

    deep = "[" * 100_000 + "]" * 100_000
    for i, text in enumerate((deep, "not json", '{"tests": [')):
        folder = tmp_path / f"learner{i}"
        folder.mkdir()
        (folder / "results.json").write_text(text, encoding="utf-8")
        (folder / fingerprint.NAME).write_text(text, encoding="utf-8")
        assert classreport.results_of(tmp_path, {"learner": f"learner{i}", "score": 1}) is None
        assert fingerprint.read(folder) is None
    linked = tmp_path / "linked"
    linked.mkdir()
    (linked / fingerprint.NAME).symlink_to(tmp_path / "learner0" / fingerprint.NAME)
    assert fingerprint.read(linked) is None
