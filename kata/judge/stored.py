"""Calls of the learner's code stored by what decides their result, for `make check` (`--kata-keep`): a check that
asks for it (`learner.run(..., stored=True)`: step 14's training and predictions, minutes each) is served the
result of the same call made before, instead of running it again.

What decides a call's result, and so its store name: the learner's files (the step's file and those it may use,
kata.judge.footprint.learner_files), the function, every input as written for the call (its folder's files, and
the names of the shared inputs, which are named after what they are made from), the data folder it sees, its
limits, how models come back, the kata's code that runs it (kata/learner, kata/shared, kata/datasets), the
versions of Python and of every installed distribution, and the settings. Not the checks, nor the messages: a
changed message checks the step again without training again.

An entry is the call's `out` folder as the learner process left it (what the judge decodes as for any call),
beside `stored.json`: the digest of every file, what the call printed, its seconds. A file that differs, is
missing or is added makes the entry void: the call runs again. Only calls that returned are stored; `make grade`
never reads or writes them.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from pathlib import Path

from kata.judge import footprint
from kata.shared import cache, digest

ENABLED = False  # set by the plugin for a run of `make check` (--kata-keep)
RECORD = "stored.json"
LEARNER_SIDE = ("learner", "shared", "datasets")  # the kata's code on the learner's side of a call


def _folder() -> Path:
    return cache.folder("judge") / "calls"


def _tree(folder: Path) -> dict:
    """{relative path: sha256} of every file under folder."""
    return {p.relative_to(folder).as_posix(): digest.of_file(p) for p in sorted(folder.rglob("*")) if p.is_file()}


def key(learner, function: str, call_dir: Path, shared_inputs, limits: dict, models: str, data_dir) -> str | None:
    """The store name of a call (see the module's words); None when the learner's folder is too big to read."""
    try:
        files = footprint.learner_files(learner.step, learner.path.parent) + list(learner.overrides)
    except footprint.TooBig:
        return None
    inputs = {name: value for name, value in _tree(call_dir).items() if not name.startswith("out/")}
    data = sorted(_tree(Path(data_dir)).items()) if data_dir else None
    kata = [(name, value) for name, value in footprint.kata_files() if name.split("/")[1:2] and
            name.split("/")[1] in LEARNER_SIDE]
    return "call-" + digest.key(footprint.FORMAT, [(str(p), digest.of_file(p)) for p in files], function, inputs,
                                [Path(i).name for i in shared_inputs], data, limits, models, kata,
                                footprint.versions(), footprint.setting_values())


def read(name: str) -> tuple[Path, dict] | None:
    """(the stored call's out folder, its record {output, seconds}), or None when it is missing or not whole."""
    entry = _folder() / name
    try:
        record = json.loads((entry / RECORD).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    out = entry / "out"
    if not isinstance(record, dict) or not isinstance(record.get("files"), dict) or not out.is_dir() \
            or not isinstance(record.get("output"), str) or not isinstance(record.get("seconds"), (int, float)):
        return None
    if _tree(out) != record["files"]:
        return None
    return out, record


def write(name: str, out_dir: Path, output: str, seconds: float) -> None:
    """Store a call that returned (a full disk or a read-only cache costs time next time, nothing else)."""
    parent = _folder()
    tmp = None
    try:
        parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=".tmp-", dir=parent))
        shutil.copytree(out_dir, tmp / "out", symlinks=False)
        record = {"files": _tree(tmp / "out"), "output": output, "seconds": float(seconds)}
        (tmp / RECORD).write_text(json.dumps(record), encoding="utf-8")
        final = parent / name
        if final.exists():
            shutil.rmtree(final, ignore_errors=True)
        os.replace(tmp, final)
        tmp = None
    except OSError:
        pass
    finally:
        if tmp is not None:
            shutil.rmtree(tmp, ignore_errors=True)
