"""A class graded in shards: `make grade SUBMISSIONS=dir SHARD=i/N` grades a fixed 1/N of the copies, into
grade/shard-i-of-N/; `make grade-merge` joins the shards (kata.judge.merge).

Which shard a copy belongs to: 1 + (the first 8 bytes of the SHA-256 of its folder name, in UTF-8, read as a
big-endian number) mod N. It depends on the name alone, so adding or removing copies never moves another copy
to another shard, and every machine works out the same split.

A shard's folder holds what a run of its copies writes (grades.csv, a folder per learner, summary.md, class.*,
similar.md) and shard.json: what graded it (digests of the kata, of the checks and of the hidden checks, the
steps, the library versions), the class it was cut from (how many copies, a digest of their names), its learners
and whether it finished. The merge refuses shards graded with anything different: their rows would not be the
rows of one run.
"""

from __future__ import annotations

import hashlib
import json
import re
import sys
from dataclasses import dataclass
from pathlib import Path

from kata.judge import integrity as integ
from kata.judge.scoring import GradingError
from kata.manifest import ROOT
from kata.shared import cache, digest

RECORD = "shard.json"
FORMAT = 1
MAX_SHARDS = 10_000
MAX_RECORD = 20_000_000  # bytes: a shard.json lists its learners (2,000 names are about 100 kB)
FOLDER = re.compile(r"shard-([1-9][0-9]{0,4})-of-([1-9][0-9]{0,4})")
# What must be the same in every shard of one class, and how the merge names a difference.
SAME = {"kata": "the kata (kata/, solutions/, pyproject.toml, Makefile)", "checks": "the checks (tests/)",
        "hidden": "the hidden checks (KATA_EXTRA_TESTS)", "steps": "the steps graded (--steps)",
        "environment": "the Python, TensorFlow, Keras or NumPy version"}


@dataclass(frozen=True)
class Shard:
    index: int  # 1..count
    count: int

    @property
    def folder(self) -> str:
        return f"shard-{self.index}-of-{self.count}"

    @property
    def spec(self) -> str:
        return f"{self.index}/{self.count}"

    def holds(self, name: str) -> bool:
        return shard_of(name, self.count) == self.index


def shard_of(name: str, count: int) -> int:
    """The shard (1..count) of the copy whose folder is called name."""
    value = int.from_bytes(hashlib.sha256(name.encode("utf-8", "surrogateescape")).digest()[:8], "big")
    return 1 + value % count


def parse(spec) -> Shard:
    """SHARD=i/N: the i-th of N shards (1 <= i <= N <= 10,000)."""
    found = re.fullmatch(r"\s*(\d{1,6})\s*/\s*(\d{1,6})\s*", str(spec))
    index, count = (int(found.group(1)), int(found.group(2))) if found else (0, 0)
    if not found or not 1 <= index <= count <= MAX_SHARDS:
        raise GradingError(f"SHARD={spec}: give i/N with 1 <= i <= N <= {MAX_SHARDS:,} (SHARD=2/4 is the second of four).")
    return Shard(index, count)


def of_folder(name: str) -> Shard | None:
    """The shard a folder called shard-i-of-N holds, or None."""
    found = FOLDER.fullmatch(name)
    if not found or not 1 <= int(found.group(1)) <= int(found.group(2)):
        return None
    return Shard(int(found.group(1)), int(found.group(2)))


def _tree(folder: Path) -> dict:
    """{relative path: digest} of the files below folder, as the integrity check hashes them (line endings
    normalised, links never followed); a missing folder is empty."""
    if not folder.is_dir():
        return {}
    return {p.relative_to(ROOT).as_posix(): integ.digest(p) for p in sorted(folder.rglob("*"))
            if not p.is_dir() and "__pycache__" not in p.parts}


def versions() -> dict:
    """The versions of what computes the numbers, read without importing them."""
    import importlib.metadata as meta

    out: dict[str, str | None] = {"python": sys.version.split()[0]}
    for name in ("tensorflow", "keras", "numpy"):
        try:
            out[name] = meta.version(name)
        except meta.PackageNotFoundError:
            out[name] = None
    return out


def this_kata() -> dict:
    """Digests of this kata ({"kata", "checks"}): its package (the stubs' checksums with it), solutions and
    configuration; its checks. exercises/ is not in it: an instructor's own work there changes no grade."""
    snapshot = integ.snapshot(ROOT)
    checks = {k: v for k, v in snapshot.items() if k.startswith("tests/")}
    kata = {k: v for k, v in snapshot.items() if not k.startswith("tests/")}
    kata.update(_tree(ROOT / "solutions"))
    return {"kata": cache.key(kata), "checks": cache.key(checks)}


def graded_with(wanted, extra_tests) -> dict:
    """What a grade depends on besides the copy itself, as digests."""
    hidden = sorted((Path(p).name, digest.of_file(p)) for p in extra_tests)
    return {**this_kata(), "hidden": cache.key(hidden) if hidden else "none", "steps": [s.slug for s in wanted],
            "environment": versions()}


def the_class(learners) -> dict:
    """The class a shard was cut from: how many copies, and a digest of their names."""
    return {"copies": len(learners), "names": cache.key(sorted(name for name, _ in learners))}


def record(shard: Shard, with_: dict, whole: dict, mine: list[tuple[str, str]], finished: bool) -> dict:
    return {"format": FORMAT, "shard": shard.spec, "index": shard.index, "count": shard.count, "graded_with": with_,
            "class": whole, "learners": [{"name": n, "folder": f} for n, f in mine], "finished": finished}


def write(folder: Path, value: dict) -> None:
    cache.atomic_write(folder / RECORD, lambda f: f.write((json.dumps(value, indent=1, ensure_ascii=False) + "\n").encode()))


def read(folder: Path) -> dict:
    """A shard folder's shard.json, checked for its shape (GradingError when it is missing or not a shard's)."""
    path = folder / RECORD
    try:
        if path.is_symlink() or not path.is_file() or path.stat().st_size > MAX_RECORD:
            raise OSError("missing, a link, or too large")
        value = json.loads(path.read_text(encoding="utf-8"))
        ok = isinstance(value, dict) and value.get("format") == FORMAT and isinstance(value.get("learners"), list) \
            and all(isinstance(x, dict) and isinstance(x.get("name"), str) and isinstance(x.get("folder"), str)
                    for x in value["learners"]) and isinstance(value.get("graded_with"), dict) \
            and isinstance(value.get("class"), dict) and isinstance(value.get("index"), int) \
            and isinstance(value.get("count"), int)
    except (OSError, ValueError) as exc:
        raise GradingError(f"{folder.name}: no readable {RECORD} ({exc}): is it a shard's folder?") from None
    if not ok:
        raise GradingError(f"{folder.name}: {RECORD} is not a shard's record (grade the shard again)")
    return value


def differences(a: dict, b: dict) -> list[str]:
    """What graded two shards differently, in words (empty: the same)."""
    wa, wb = a.get("graded_with") or {}, b.get("graded_with") or {}
    return [words for key, words in SAME.items() if wa.get(key) != wb.get(key)]


def resumable(folder: Path, now: dict) -> None:
    """RESUME=1 in a shard folder graded earlier: only with the same kata, checks, hidden checks, steps, versions."""
    if not (folder / RECORD).exists():
        return
    earlier = read(folder)
    if earlier.get("count") != now["count"] or earlier.get("index") != now["index"]:
        raise GradingError(f"{folder}: its {RECORD} is another shard's: remove the folder or grade without RESUME")
    changed = differences(earlier, now)
    if changed:
        raise GradingError(f"{folder} was graded with another {', '.join(changed)}: its rows would not be this run's. "
                           "Remove the folder, or grade without RESUME=1.")
