"""`make grade-prepare OUT=dir` and `KATA_PREPARED=dir`: what every shard reuses from the judge's cache, made once.

The judge keeps in its own cache folder (kata.shared.cache.folder("judge")) what it makes for itself: the reference
training of the post's model, the padded data, the reference test results, the digests of the reviews, the data
without test labels...; the loader keeps the reviews, prepared, in the cache's top folder (imdb-*.npz), which the
judge reads too. `prepare` runs the judge once on the kata's own solutions with an empty cache (so every entry the
judge makes for itself is made, whichever check makes it), with the class's secret seed, drawn here and kept as
judge/grading-seed.json (every shard then compares with the same reference training), then copies those entries
into OUT with a manifest (manifest.json): each file's size and SHA-256, and the kata and library versions that made
them. Per-target displays (seen-*), locks and the learners' side of the cache (learner/, exchange/) are left out.

`use` (KATA_PREPARED=dir, before grading) copies each entry into this machine's cache after checking its bytes
against the manifest: a changed or missing file is not copied, and the judge makes that entry again when it needs
it; the run says which. A manifest made by another kata or library version is not used at all. Nothing of it is
handed to learners' processes: they see what they saw before.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import tempfile
import time
from pathlib import Path

from kata.judge import seed, shards
from kata.judge.reports import rel
from kata.judge.scoring import GradingError, grade
from kata.manifest import steps
from kata.shared import cache, digest

MANIFEST = "manifest.json"
FORMAT = 1
MAX_MANIFEST = 5_000_000  # bytes
MAX_ENTRIES = 1_000
MAX_BYTES = 8_000_000_000  # in all: the entries are about 200 MB
SKIPPED = re.compile(r"seen-.*|.*\.lock|\..*")  # per-target displays, locks, partial writes
NAME = r"[A-Za-z0-9][A-Za-z0-9._-]{0,200}"
ENTRY = re.compile(rf"imdb-[0-9a-f]{{8,64}}\.npz|judge/{NAME}(/{NAME})?")  # one folder deep at most
SHA256 = re.compile(r"[0-9a-f]{64}")


def made_by() -> dict:
    """What the entries depend on besides the data (their names hash the data and the code they come from)."""
    return {"kata": shards.this_kata()["kata"], "environment": shards.versions()}


def entries(root: Path) -> list[str]:
    """The judge's entries in a cache folder, as paths relative to it."""
    found = [p for p in root.glob("imdb-*.npz")]
    if (root / "judge").is_dir():
        found += [p for p in (root / "judge").rglob("*") if not SKIPPED.fullmatch(p.name)]
    names = {p.relative_to(root).as_posix() for p in found if p.is_file() and not p.is_symlink()}
    return sorted(n for n in names if ENTRY.fullmatch(n))


def _replace(out: Path, made: Path) -> None:
    """made becomes out; an earlier preparation there is replaced, any other content refused."""
    if out.exists() and not out.is_dir():
        raise GradingError(f"OUT={out} is a file, not a folder.")
    if out.is_dir() and any(out.iterdir()):
        if not (out / MANIFEST).is_file():
            raise GradingError(f"OUT={out} is not empty and holds no earlier preparation: choose a new folder.")
        old = out.with_name(f".{out.name}.old-{os.getpid()}")
        os.replace(out, old)
        shutil.rmtree(old, ignore_errors=True)
    elif out.is_dir():
        out.rmdir()
    out.parent.mkdir(parents=True, exist_ok=True)
    os.replace(made, out)


def prepare(out: Path, only=None) -> int:
    """Run the judge on the solutions with an empty cache, and keep what it made for itself in out (only: for
    these steps; all by default)."""
    out = out.resolve()
    if out.exists() and any(out.iterdir()) and not (out / MANIFEST).is_file():
        raise GradingError(f"OUT={out} is not empty and holds no earlier preparation: choose a new folder.")
    out.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="kata-prepare-"))
    made = Path(tempfile.mkdtemp(prefix=f".{out.name}.new-", dir=out.parent))
    saved = {name: os.environ.get(name) for name in ("KATA_CACHE_DIR", "KATA_SEED")}
    os.environ["KATA_CACHE_DIR"] = str(work / "cache")
    start = time.monotonic()
    try:
        # the class's seed: KATA_SEED, else a secret drawn now and kept with the entries (judge/grading-seed.json),
        # so that every shard compares its copies with this one reference training, and no copy can know it
        os.environ["KATA_SEED"] = seed.of_class()
        wanted = [s for s in (only or steps()) if s.test().exists() and s.solution().exists()]
        print(f"Preparing what every shard reuses: the judge's own work, on the kata's solutions ({len(wanted)} steps; "
              "a few minutes, once)...", flush=True)
        g = grade("solutions", only=wanted)
        if g.error:
            raise GradingError(f"the kata could not check its own solutions here: {g.error}")
        files: dict[str, dict] = {}
        for name in entries(work / "cache"):
            (made / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(work / "cache" / name, made / name)
            files[name] = {"bytes": (made / name).stat().st_size, "sha256": digest.of_file(made / name)}
        manifest = {"format": FORMAT, "about": "What `make grade-prepare` made: KATA_PREPARED=<this folder> for each "
                    "shard. Each file is checked against its sha256 before use.", "made_by": made_by(), "files": files}
        (made / MANIFEST).write_text(json.dumps(manifest, indent=1, sort_keys=True) + "\n", encoding="utf-8")
        _replace(out, made)
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
        shutil.rmtree(work, ignore_errors=True)
        shutil.rmtree(made, ignore_errors=True)
    size = sum(f["bytes"] for f in files.values()) / 1e6
    print(f"Prepared {len(files)} entries ({size:.0f} MB) in {rel(out)} in {time.monotonic() - start:.0f} s: grade each "
          f"shard with KATA_PREPARED={out}")
    if g.score != g.max_score:
        print(f"  ⚠ the kata's solutions scored {g.score}/{g.max_score} here (expected all points): check this machine's "
              "setup (make test) before trusting its grades.")
    return 0


def _manifest(folder: Path) -> dict:
    path = folder / MANIFEST
    try:
        if path.is_symlink() or path.stat().st_size > MAX_MANIFEST:
            raise ValueError("a link, or too large")
        value = json.loads(path.read_text(encoding="utf-8"))
        files = value["files"]
        ok = value.get("format") == FORMAT and isinstance(files, dict) and len(files) <= MAX_ENTRIES \
            and all(isinstance(k, str) and ENTRY.fullmatch(k) and isinstance(v, dict) and isinstance(v.get("bytes"), int)
                    and 0 <= v["bytes"] and SHA256.fullmatch(str(v.get("sha256"))) for k, v in files.items()) \
            and sum(v["bytes"] for v in files.values()) <= MAX_BYTES
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise GradingError(f"no readable {MANIFEST} ({type(exc).__name__})") from None
    if not ok:
        raise GradingError(f"{MANIFEST} is not a preparation's")
    return value


def _same(path: Path, info: dict) -> bool:
    try:
        return path.is_file() and not path.is_symlink() and path.stat().st_size == info["bytes"] \
            and digest.of_file(path) == info["sha256"]
    except OSError:
        return False


def _install(source: Path, target: Path, info: dict) -> bool:
    """Copy source to target when its bytes are the manifest's (checked while copying). False: changed or missing."""
    if _same(target, info):
        return True
    tmp = None
    try:
        if source.is_symlink() or not source.is_file() or source.stat().st_size != info["bytes"]:
            return False
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".tmp-")
        h = hashlib.sha256()
        with os.fdopen(fd, "wb") as dst, open(source, "rb") as src:
            for block in iter(lambda: src.read(digest.BLOCK), b""):
                h.update(block)
                dst.write(block)
        if h.hexdigest() == info["sha256"]:
            os.replace(tmp, target)
            tmp = None
            return True
        return False
    except OSError:
        return False
    finally:
        if tmp is not None:
            Path(tmp).unlink(missing_ok=True)


def use(folder: Path) -> str:
    """Copy a preparation's entries into this machine's cache (each checked). Returns what the run says about it."""
    label = f"KATA_PREPARED={folder}"
    try:
        manifest = _manifest(folder)
    except GradingError as exc:
        return f"{label}: {exc}: not used (this run makes what it needs)."
    if manifest.get("made_by") != made_by():
        return f"{label} was made by another kata or library version: not used (this run makes what it needs)."
    root = cache.folder()
    remade = [name for name, info in sorted(manifest["files"].items()) if not _install(folder / name, root / name, info)]
    line = f"{label}: {len(manifest['files']) - len(remade)} of {len(manifest['files'])} entries reused"
    if remade:
        more = " ..." if len(remade) > 5 else ""
        line += f"; changed or missing, made again when needed: {', '.join(remade[:5])}{more}"
    return line + "."
