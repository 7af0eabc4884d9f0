"""What the learner's tools remember between commands: `.kata/state.json` (the hints seen, the step the last
check stopped at, the steps done). Damaged or unwritable, it is ignored: the tools then work from scratch."""

from __future__ import annotations

import json

from kata.manifest import ROOT
from kata.shared import digest

STATE_FILE = ROOT / ".kata" / "state.json"


def load() -> dict:
    try:
        state = json.loads(STATE_FILE.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return state if isinstance(state, dict) else {}


def save(state: dict) -> bool:
    """Write the state (False where the folder is read-only or full: the tools go on without it)."""
    try:
        STATE_FILE.parent.mkdir(parents=True, exist_ok=True)
        STATE_FILE.write_text(json.dumps(state, indent=1), encoding="utf-8")
        return True
    except OSError:
        return False


def update(**parts) -> bool:
    state = load()
    state.update(parts)
    return save(state)


def exercise_digests() -> dict:
    """{slug: sha256 of its exercise file} (None where it cannot be read)."""
    from kata.manifest import steps

    return {s.slug: digest.of_file(s.exercise()) for s in steps()}
