"""Step 14's private reviews: an instructor's own labelled reviews (KATA_PRIVATE_REVIEWS), which no one has
published, read and encoded into word ids exactly as load_data() encodes the IMDB reviews, so that step 14 is
graded on reviews whose labels no copy can hold; and the test that tells a public score too good for the private
one (a copy that learnt the published test labels).

The set, in one of three forms (docs/grading.md says how to make one):
    a folder with pos/ and neg/ folders of .txt files (UTF-8), one review per file (aclImdb's layout);
    a .csv file with a header and the columns text and label;
    a .jsonl file, one {"text": ..., "label": ...} per line.
A label is 1, "1", "pos" or "positive" (a positive review), or 0, "0", "neg" or "negative".
"""

from __future__ import annotations

import csv
import json
import math
import os
from functools import lru_cache
from pathlib import Path

from kata.shared.post import RESERVED

VARIABLE = "KATA_PRIVATE_REVIEWS"
MIN_REVIEWS = 100  # fewer: an accuracy too coarse to grade on (one review is 1 %)
Z_FLAG = 3.0  # a public accuracy this many standard errors above the private one is flagged (one-sided p = 0.0013)
LABELS = {"1": 1, "pos": 1, "positive": 1, "0": 0, "neg": 0, "negative": 0}


class PrivateSetError(Exception):
    """The private set cannot be read: the message says what to fix (the step is "could not be checked")."""


def configured() -> str | None:
    """KATA_PRIVATE_REVIEWS as set (None: step 14 is graded on the public test reviews)."""
    from kata.shared import settings

    return settings.get(VARIABLE) or None


def _label(value, where: str) -> int:
    label = LABELS.get(str(value).strip().lower())
    if label is None:
        raise PrivateSetError(f"{where}: the label {str(value)[:20]!r} is not 1/0, pos/neg or positive/negative")
    return label


def _folders(folder: Path) -> list[tuple[str, int]]:
    out = []
    for name, label in (("pos", 1), ("neg", 0)):
        for path in sorted((folder / name).glob("*.txt")):
            out.append((path.read_text(encoding="utf-8", errors="replace"), label))
    return out


def _csv(path: Path) -> list[tuple[str, int]]:
    with open(path, newline="", encoding="utf-8-sig") as f:
        rows = list(csv.DictReader(f))
    if rows and not {"text", "label"} <= set(rows[0]):
        raise PrivateSetError(f"{path.name}: the header needs the columns text and label (it has {', '.join(rows[0])})")
    return [(row["text"] or "", _label(row["label"], f"{path.name}, row {n + 2}")) for n, row in enumerate(rows)]


def _jsonl(path: Path) -> list[tuple[str, int]]:
    out = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
            out.append((str(item["text"]), _label(item["label"], f"{path.name}, line {n}")))
        except (ValueError, KeyError, TypeError) as exc:
            if isinstance(exc, PrivateSetError):
                raise
            raise PrivateSetError(f"{path.name}, line {n}: not a JSON object with text and label") from None
    return out


def read(spec: str) -> list[tuple[str, int]]:
    """[(text, label)] of the private set at spec (a folder with pos/ and neg/, a .csv or a .jsonl file)."""
    path = Path(spec).expanduser()
    try:
        if path.is_dir() and ((path / "pos").is_dir() or (path / "neg").is_dir()):
            reviews = _folders(path)
        elif path.is_file() and path.suffix.lower() == ".csv":
            reviews = _csv(path)
        elif path.is_file() and path.suffix.lower() in (".jsonl", ".ndjson"):
            reviews = _jsonl(path)
        else:
            raise PrivateSetError(f"{VARIABLE}={spec}: not a folder with pos/ and neg/, nor a .csv or .jsonl file")
    except (OSError, csv.Error, UnicodeDecodeError) as exc:
        raise PrivateSetError(f"{VARIABLE}={spec} cannot be read ({type(exc).__name__}: {str(exc)[:120]})") from None
    labels = {label for _, label in reviews}
    if len(reviews) < MIN_REVIEWS or labels != {0, 1}:
        raise PrivateSetError(f"{VARIABLE}={spec}: {len(reviews)} reviews ({sum(labels)} kinds of label); grading needs "
                              f"at least {MIN_REVIEWS}, positive and negative ones")
    return reviews


def encode_all(texts, word_index: dict) -> list[list[int]]:
    """Each text as load_data() gives a review with every word (no num_words): <START>, then each word's id
    (the word index's rank + 3) after lower-casing and Keras's filters; a word the index lacks is <UNK>."""
    from kata.judge.oracle.text import tokenize

    start, unknown = RESERVED["<START>"], RESERVED["<UNK>"]
    return [[start, *(word_index.get(w, unknown) for w in tokenize(text))] for text in texts]


@lru_cache(maxsize=4)
def _encoded(spec: str, stamp: tuple) -> tuple[list[list[int]], list[int]]:
    from kata.judge.oracle.data import word_index

    reviews = read(spec)
    return encode_all([text for text, _ in reviews], word_index()), [label for _, label in reviews]


def private_reviews():
    """(x, y): the private set's reviews as word ids and their labels, or None when KATA_PRIVATE_REVIEWS is not set.
    Read again when the set changes."""
    spec = configured()
    if spec is None:
        return None
    path = Path(spec).expanduser()
    try:
        stamp = (path.stat().st_mtime_ns, *sorted(os.listdir(path))) if path.is_dir() else (path.stat().st_mtime_ns,)
    except OSError as exc:
        raise PrivateSetError(f"{VARIABLE}={spec} cannot be read ({exc.strerror or exc})") from None
    return _encoded(str(path), stamp)


def public_gap_z(public: float, n_public: int, private: float, n_private: int) -> float:
    """How far the public accuracy is above the private one, in standard errors (the two-proportion z-test with the
    pooled proportion): about 0 for a model that learnt no test label, far above Z_FLAG for one that did."""
    pooled = (public * n_public + private * n_private) / (n_public + n_private)
    spread = math.sqrt(max(pooled * (1 - pooled), 1e-12) * (1 / n_public + 1 / n_private))
    return (public - private) / spread
