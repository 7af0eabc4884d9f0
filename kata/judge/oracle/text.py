"""Raw text the way the IMDB data was made (lower-case, Keras's filters, the word index shifted by 3): step 11's
reference, and the judge's reading of a learner's reviews.

Every setting of that recipe is a keyword, the post's value its default (the checks' knobs, kata.judge.knobs):
    lower      lower-case first
    filters    the characters taken out (Keras's FILTERS); `replace` what they become (" "; "" deletes them)
    split      None: split on spaces, empty words skipped (Keras's way, and str.split()); " ": str.split(" "),
               which keeps an empty word between two spaces
    start      the id put first (<START> = 1), None for none
    oov        the id of a word missing from the index or with an id >= num_words (<UNK> = 2), None: dropped
    drop       the words left out instead: "missing" (from the index), "rare" (id >= num_words), "both"
    num_words  the first id the model does not know (10000; float("inf"): every id kept)
    offset     added to each word's id (a learner's index shifted once more, or not at all)
"""

from __future__ import annotations

import numpy as np

from kata.judge.oracle.data import pad, word_index
from kata.shared.post import FILTERS, NUM_WORDS, RESERVED


def tokenize(text: str, lower=True, strip=True, *, filters=FILTERS, replace=" ", split=None) -> list[str]:
    """Split raw text the way the IMDB data was made: lower-case, Keras's filters to spaces."""
    if lower:
        text = text.lower()
    if strip and filters:
        text = text.translate(str.maketrans(filters, replace * len(filters)) if replace else str.maketrans("", "", filters))
    if split is not None:
        return text.split(split)
    return [w for w in text.split(" ") if w]


def encode(text: str, lower=True, strip=True, unk=True, *, filters=FILTERS, replace=" ", split=None,
           start=RESERVED["<START>"], oov=RESERVED["<UNK>"], num_words=NUM_WORDS, offset=0, drop="") -> list[int]:
    """`<START>` then each word's id; words outside the 10,000 kept become `<UNK>` (unk=False drops them)."""
    index = word_index()
    drop = "both" if not unk else drop
    ids = [] if start is None else [start]
    for w in tokenize(text, lower, strip, filters=filters, replace=replace, split=split):
        i = index.get(w)
        if i is not None and offset and i >= len(RESERVED):
            i = max(i + offset, 0)
        if i is not None and i < num_words:
            ids.append(i)
        elif oov is not None and drop not in ("both", "missing" if i is None else "rare"):
            ids.append(oov)
    return ids


def predict_proba(model, ids, padded_input=True) -> float:
    x = pad([ids]) if padded_input else np.asarray([ids], dtype="int32")
    return float(model(x, training=False).numpy().ravel()[0])
