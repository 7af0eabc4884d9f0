"""The seed of a class's trainings: KATA_SEED, else a secret drawn once and kept in the judge's cache.

A batch (and `make grade-prepare`, which keeps it with what every shard reuses) trains with it; a copy's steps 8 and
12 are compared with the judge's own training with the same seed.
"""

from __future__ import annotations

import os
import secrets

from kata.shared import cache


def of_class() -> str:
    """The seed of a class's trainings (steps 8 and 12 are compared with the judge's own training with it): KATA_SEED
    when the instructor sets it, else a secret drawn once on this machine and kept in the judge's cache (the same
    grades on every run; weights trained with it cannot be looked up, nor shipped inside a copy)."""
    if os.environ.get("KATA_SEED"):
        return os.environ["KATA_SEED"]
    stored = cache.get_json("grading-seed", cache.folder("judge"))
    if isinstance(stored, dict) and isinstance(stored.get("seed"), int):
        return str(stored["seed"])
    seed = 1 + secrets.randbelow(2**31 - 2)
    try:
        cache.put_json("grading-seed", {"seed": seed}, cache.folder("judge"))
    except OSError:  # a read-only cache: this batch's own secret
        pass
    return str(seed)
