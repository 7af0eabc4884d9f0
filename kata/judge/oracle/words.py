"""Step 15's reference: every word of the post's vocabulary scored by the trained post model, from its weights,
with NumPy (no Keras in the judge), and the same scores as the usual slips compute them (to name a slip).

A word's score is the logit the model gives a review made of that one word alone: its Embedding vector (the
average of one vector is that vector) through Dense(16, relu) and the last Dense's weights, before the sigmoid.
Word ids are the word index's ranks + 3 (0-3 are <PAD>, <START>, <UNK>, <UNUSED>); the Embedding has rows for
ids 0 to NUM_WORDS - 1, so the vocabulary is the words of rank 1 to NUM_WORDS - 4."""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from kata.shared.post import MAXLEN, NUM_WORDS, RESERVED

SHIFT = 3  # load_data's index_from: a word's id is its rank + 3


def post_weights(path) -> tuple:
    """(embedding, kernel, bias, last kernel, last bias) of a post model's `.weights.h5` file, found by their shapes
    (the layers' names depend on how many models the process that saved it had made)."""
    import h5py

    found = {}
    with h5py.File(path, "r") as h:
        for group in (h.get("layers") or {}).values():
            variables = group.get("vars") if hasattr(group, "get") else None
            if variables is None:
                continue
            arrays = [np.asarray(variables[k], dtype=np.float32) for k in sorted(variables, key=int)]
            found[tuple(a.shape for a in arrays)] = arrays
    (emb,), (w1, b1), (w2, b2) = found[((NUM_WORDS, 16),)], found[((16, 16), (16,))], found[((16, 1), (1,))]
    return emb, w1, b1, w2, b2


def logits_of(weights, rows) -> np.ndarray:
    """The model's logit (before the sigmoid) for reviews whose average word vector is each row of `rows`."""
    _, w1, b1, w2, b2 = weights
    return (np.maximum(rows @ w1 + b1, 0) @ w2 + b2).ravel()


def sigmoid(x) -> np.ndarray:
    return 1 / (1 + np.exp(-np.clip(np.asarray(x, dtype=np.float64), -500, 500)))


@lru_cache(maxsize=None)
def word_scores() -> dict:
    """{name: {word: score}} for every word of the vocabulary, with the trained post model (the reference
    training's weights): "logit" (the step's definition) and the slips that give other numbers: "not_shifted"
    (the row of its rank, not rank + 3), "padded" and "padded_start" (a one-word review padded to 256 with <PAD>,
    the average counting the padding; with <START> first), "probability" (the sigmoid of the logit) and the padded
    reviews' probabilities."""
    from kata.judge.oracle.data import raw_word_index
    from kata.judge.oracle.model import trained_weights

    return scores(trained_weights(), raw_word_index())


def scores(path, raw_index: dict) -> dict:
    """word_scores() for the weights in `path` and a raw word index (word -> rank)."""
    weights = post_weights(path)
    emb = weights[0]
    words = [(w, r) for w, r in raw_index.items() if isinstance(r, int) and 1 <= r and r + SHIFT < NUM_WORDS]
    ids = np.array([r + SHIFT for _, r in words])
    names = [w for w, _ in words]
    right = logits_of(weights, emb[ids])
    pad, start = emb[RESERVED["<PAD>"]], emb[RESERVED["<START>"]]
    padded = logits_of(weights, (emb[ids] + (MAXLEN - 1) * pad) / MAXLEN)
    padded_start = logits_of(weights, (emb[ids] + start + (MAXLEN - 2) * pad) / MAXLEN)
    out = {"logit": right, "padded": padded,
           "padded_start": padded_start, "probability": sigmoid(right), "padded_probability": sigmoid(padded),
           "padded_start_probability": sigmoid(padded_start)}
    tables = {name: dict(zip(names, values.astype(float).tolist())) for name, values in out.items()}
    unshifted = [(w, r) for w, r in raw_index.items() if isinstance(r, int) and 1 <= r < NUM_WORDS]  # rank as the id
    rows = emb[np.array([r for _, r in unshifted])]
    tables["not_shifted"] = dict(zip([w for w, _ in unshifted], logits_of(weights, rows).astype(float).tolist()))
    return tables


@lru_cache(maxsize=None)
def reserved_scores() -> dict:
    """{marker: logit} for the four reserved ids, with the trained post model (what a slip that scores them as
    words gives)."""
    from kata.judge.oracle.model import trained_weights

    weights = post_weights(trained_weights())
    values = logits_of(weights, weights[0][list(RESERVED.values())])
    return dict(zip(RESERVED, values.astype(float).tolist()))


def ranked(table: dict, count: int, positive: bool = True) -> list[tuple[str, float]]:
    """The `count` words of {word: score} with the highest scores (positive) or the lowest, best first; ties by word."""
    order = sorted(table.items(), key=lambda item: ((-item[1]) if positive else item[1], item[0]))
    return order[:count]
