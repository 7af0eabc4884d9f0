"""What the learner's tools remember between commands: `.kata/state.json` (the hints seen, the steps whose numbers
were shown as done). Damaged or unwritable, it is ignored: the tools then work from scratch. (Which steps passed,
unchanged since, is kata.judge.kept's store.)"""

from __future__ import annotations

import json

from kata.manifest import ROOT

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


def forget_hints(name: str) -> bool:
    """The step starts again from its first hint (after `make reset`: the learner starts the step afresh)."""
    state = load()
    seen = state.get("hints")
    if not isinstance(seen, dict) or name not in seen:
        return True
    seen.pop(name)
    return save(state)
