"""The judge's inputs for learner processes (folders of kata.shared.codec data: the review splits, the word index
...), decoded once in the supervisor and shared by every child it forks (copy-on-write)."""

from __future__ import annotations

from collections import OrderedDict
from pathlib import Path

from kata.shared import codec, framing

MEMO_ENTRIES = 8  # decoded inputs kept for the next calls


class Memo:
    """Inputs the judge sent (folders of kata.shared.codec data), decoded once and shared by every child."""

    def __init__(self):
        self.values: OrderedDict[str, object] = OrderedDict()

    def get(self, folder: str):
        if folder in self.values:
            self.values.move_to_end(folder)
            return self.values[folder]
        path = Path(folder)
        value = codec.decode(framing.read_json(path / "value.json"), codec.Box(path))
        self.values[folder] = value
        while len(self.values) > MEMO_ENTRIES:
            self.values.popitem(last=False)
        return value


MEMO = Memo()
