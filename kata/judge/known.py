"""The judge's registry of its own big values (the reviews, the word index, the padded data): what a learner
process already has, and what it may send back by name instead of by content.

- `name_input(value, name)`: one of the judge's inputs, named after what it is made from, so that it is
  written once per machine for learner processes (kata.judge.session), not once per check run.
- `know(value, name, digest)`: a value a learner's result may equal (load_data's reviews): a learner process
  whose result equals it sends the digest, and the judge uses its own copy (the digest is compared with the
  judge's own; nothing else is taken on trust).
"""

from __future__ import annotations

from kata.shared.codec import CodecError

_NAMED: dict[int, tuple[object, str]] = {}  # id(value) -> (the value, its name)
_KNOWN: dict[str, tuple[object, str]] = {}  # digest -> (one of the judge's values, its name)


def name_input(value, name: str):
    """Give one of the judge's own values a name that says what it is made from. Returns the value."""
    _NAMED[id(value)] = (value, name)
    return value


def name_of(value) -> str | None:
    named = _NAMED.get(id(value))
    return named[1] if named is not None and named[0] is value else None


def know(value, name: str, digest: str) -> None:
    _KNOWN[digest] = (value, name)


def known_digests() -> dict:
    return {digest: name for digest, (_, name) in _KNOWN.items()}


def known_value(digest):
    found = _KNOWN.get(digest)
    if found is None:
        raise CodecError("a value the judge does not know")
    return found[0]
