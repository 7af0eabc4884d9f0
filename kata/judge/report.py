"""The judge's report to the runner: one JSON object per line on the channel it was handed (KATA_REPORT), or into
a file (--kata-report, the project's own tests). Events: collected, running, test, seen, finished
(kata.shared.vocabulary.Event)."""

from __future__ import annotations

import json
import os

import pytest

RESULTS = pytest.StashKey[dict]()


def open_stream(config):
    """Where the report goes: the runner's channel, a file, or nowhere."""
    if os.environ.get("KATA_REPORT"):  # the runner's channel (kata.judge.launch)
        from kata.shared import transport

        try:
            return transport.join(os.environ.pop("KATA_REPORT")).makefile("w", buffering=1, encoding="utf-8")
        except OSError:
            return None
    if config.getoption("kata_report"):
        return open(config.getoption("kata_report"), "w", buffering=1, encoding="utf-8")  # noqa: SIM115
    return None


def emit(config, record: dict) -> None:
    results = config.stash[RESULTS]
    stream = results["stream"]
    if record.get("event") == "test":
        results["tests"].append(record)
    if stream is None:
        return
    try:
        stream.write(json.dumps(record) + "\n")
        stream.flush()
    except (OSError, ValueError):  # the runner went away: nothing left to report to
        results["stream"] = None
