"""`python -m kata dev stubs`: record kata/stubs.sha256 from the exercises as they are (after editing a stub)."""

from __future__ import annotations

from kata.manifest import ROOT, STUBS, steps, stub_digests
from kata.shared import digest


def current_stub_digests() -> dict[str, str]:
    return {s.exercise().relative_to(ROOT).as_posix(): str(digest.of_file(s.exercise())) for s in steps()}


def main(argv=None) -> int:
    STUBS.write_text("".join(f"{d}  {p}\n" for p, d in current_stub_digests().items()), encoding="utf-8")
    stub_digests.cache_clear()
    print(f"Recorded the stubs' checksums in {STUBS.relative_to(ROOT)}.")
    return 0
