"""Passed steps, kept by their inputs: a step that passed, whose footprint (kata.judge.footprint: its checks, the
learner's code, the kata, the data, the versions, the settings) is unchanged, is not checked again by `make check`.

One entry per step and learner's folder, `.kata/passed/<slug>-<folder>.json`:

    {"format": 1, "step": "04_pad", "footprint": "<digest>", "target": "<the learner's folder>",
     "tests": [<its checks' reports, all passed>], "seen": {<what it showed>},
     "printed": "<what it printed: its first 64 KiB>", "digest": "<of all the rest>"}

Only a step whose every check passed is written, and only when its footprint was the same before and after its
checks ran (a file saved while they ran is checked again next time). An entry is used only when it is whole and
this step's, this folder's and this footprint's: anything else (damaged, of another copy, another folder, another
version of the kata or of the data, a step that did not pass) is ignored, and the step is checked. `make grade`
never reads it.
"""

from __future__ import annotations

import json
from pathlib import Path

from kata.judge import footprint
from kata.manifest import ROOT, Step
from kata.shared import cache, digest
from kata.shared.vocabulary import Event

FOLDER = ROOT / ".kata" / "passed"
PRINTED_LIMIT = 64 * 1024  # what a passed step printed, kept to show again when asked (make check STEP=n)


class Store:
    """The kept passes of one learner's folder (target), for one run."""

    def __init__(self, target: Path, root: Path = ROOT, extra_tests=(), env=None, folder: Path | None = None):
        self.target, self.root, self.extra_tests, self.env = Path(target).resolve(), Path(root), extra_tests, env
        self.folder = Path(folder or FOLDER)
        self.look()

    def look(self) -> None:
        """Read the inputs again (after the checks ran): footprints from now on are those of this moment."""
        self.snapshot = footprint.Snapshot(self.target, self.root, self.extra_tests, self.env)

    def footprint(self, s: Step) -> str | None:
        """Step s's footprint as last looked at (None: it cannot be worked out; the step is checked every time)."""
        return self.snapshot.of(s)

    def path(self, s: Step) -> Path:
        return self.folder / f"{s.slug}-{digest.key(str(self.target))[:12]}.json"

    def read(self, s: Step, key: str | None = None) -> dict | None:
        """The kept pass of step s ({"tests", "seen", "printed"}) when it is whole and its footprint is the step's
        now (key, when worked out already); else None."""
        key = key or self.footprint(s)
        if key is None:
            return None
        try:
            entry = json.loads(self.path(s).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        return entry if valid(entry, s, key) else None

    def write(self, s: Step, key: str | None, tests: list, seen: dict, printed: str) -> bool:
        """Keep step s's pass under its footprint (False when it cannot be written: it is checked next time)."""
        if not key:
            return False
        body = {"format": footprint.FORMAT, "step": s.slug, "footprint": key, "target": str(self.target),
                "tests": tests, "seen": seen, "printed": printed[:PRINTED_LIMIT]}
        if not valid({**body, "digest": _digest(body)}, s, key):
            return False
        try:
            cache.atomic_write(self.path(s), lambda f: f.write(json.dumps({**body, "digest": _digest(body)}).encode()))
        except (OSError, TypeError, ValueError):
            return False
        self._prune(s)
        return True

    def _prune(self, s: Step) -> None:
        """The step's entries of folders that are gone (a notebook's or a test's temporary folder) go too."""
        for path in self.folder.glob(f"{s.slug}-*.json"):
            try:
                target = json.loads(path.read_text(encoding="utf-8")).get("target")
                if isinstance(target, str) and not Path(target).exists():
                    path.unlink()
            except (OSError, ValueError, AttributeError):
                continue

    def forget(self, s: Step) -> None:
        try:
            self.path(s).unlink(missing_ok=True)
        except OSError:
            pass


def _digest(body: dict) -> str:
    return digest.key(json.dumps(body, sort_keys=True))


def valid(entry, s: Step, key: str) -> bool:
    """An entry to trust: whole (its digest), this step's, under this footprint, and a pass of every check."""
    if not key or not isinstance(entry, dict):
        return False
    if entry.get("digest") != _digest({k: v for k, v in entry.items() if k != "digest"}):
        return False
    if entry.get("format") != footprint.FORMAT or entry.get("step") != s.slug or entry.get("footprint") != key:
        return False
    tests = entry.get("tests")
    if not isinstance(tests, list) or not tests or not isinstance(entry.get("seen"), dict) \
            or not isinstance(entry.get("printed"), str):
        return False
    return all(isinstance(t, dict) and t.get("event") == Event.TEST and t.get("step") == s.number
               and t.get("outcome") == "passed" for t in tests)
