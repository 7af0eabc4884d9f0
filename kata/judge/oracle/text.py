"""Raw text the way the IMDB data was made (lower-case, Keras's filters, the word index shifted by 3): step 11's
reference, and the judge's reading of a learner's reviews."""

from __future__ import annotations

import numpy as np

from kata.judge.oracle.data import pad, word_index
from kata.shared.post import FILTERS, NUM_WORDS, RESERVED

def tokenize(text: str, lower=True, strip=True) -> list[str]:
    """Split raw text the way the IMDB data was made: lower-case, Keras's filters to spaces."""
    if lower:
        text = text.lower()
    if strip:
        text = text.translate(str.maketrans(FILTERS, " " * len(FILTERS)))
    return [w for w in text.split(" ") if w]


def encode(text: str, lower=True, strip=True, unk=True) -> list[int]:
    """`<START>` then each word's id; words outside the 10,000 kept become `<UNK>` (unk=False drops them)."""
    index = word_index()
    ids = [RESERVED["<START>"]]
    for w in tokenize(text, lower, strip):
        i = index.get(w)
        if i is not None and i < NUM_WORDS:
            ids.append(i)
        elif unk:
            ids.append(RESERVED["<UNK>"])
    return ids


def predict_proba(model, ids, padded_input=True) -> float:
    x = pad([ids]) if padded_input else np.asarray([ids], dtype="int32")
    return float(model(x, training=False).numpy().ravel()[0])
