"""What a step's verdict depends on, as one digest: its footprint. Worked out from files and metadata only (no
TensorFlow, no pytest), in a few milliseconds, so that `make check` can tell an unchanged passed step without
running anything (kata.judge.kept).

A step's footprint covers
- the kata itself: every file of the kata package (its code, messages, steps.toml, stubs), pyproject.toml;
- the step's checks: its check file, every file of tests/ that is not another step's check file (conftest.py,
  helpers), and the hidden checks given for it (KATA_EXTRA_TESTS);
- the learner's code: the step's file, every file of the learner's folder that is not a step's file (helpers,
  data), and each other step's file that one of these names (`04_pad` in an import), as far as the names go;
- the data: imdb.npz and imdb_word_index.json, by content;
- the versions: Python's, and every installed distribution's (read from their metadata folders' names);
- the settings: every KATA_* variable set, but those that only choose how things look or where kept files go;
- where: the kata's folder and the learner's folder (an entry of another copy is not this copy's).
Any change of any of these is another footprint.
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

from kata.manifest import ROOT, Step, step_of_file, steps
from kata.shared import digest, settings

FORMAT = 1  # the footprint's own recipe: a change of what it covers makes every footprint new
PACKAGE = Path(__file__).resolve().parents[1]  # kata/
# Settings that change no verdict: the language, the amount of output, where caches and notebooks' files go.
DISPLAY_ONLY = ("KATA_LANG", "KATA_VERBOSE", "KATA_CACHE_DIR", "KATA_NOTEBOOK_DIR", "KATA_CLASSROOM")
SKIPPED = ("__pycache__", ".ipynb_checkpoints")
DATA_FILES = ("imdb.npz", "imdb_word_index.json")
NAMED = re.compile(r"\d\d_[a-z]+")  # a step's slug, as another file names it (04_pad)
MAX_FILES, MAX_DEPTH = 2000, 8  # beyond these a folder is not read for a footprint (its steps are always checked)


class TooBig(Exception):
    """A folder with more files, or deeper, than a footprint reads: its steps are checked every time."""


def _files(folder: Path) -> list[Path]:
    """Every file under folder (sorted; caches and hidden folders left out). TooBig past MAX_FILES files or
    MAX_DEPTH folders down."""
    if not folder.is_dir():
        return []
    out: list[Path] = []
    for base, dirs, names in os.walk(folder):
        if len(Path(base).relative_to(folder).parts) > MAX_DEPTH:
            raise TooBig(base)
        dirs[:] = sorted(d for d in dirs if d not in SKIPPED and not d.startswith("."))
        out += [Path(base) / n for n in names if not n.endswith((".pyc", ".lock"))]
        if len(out) > MAX_FILES:
            raise TooBig(base)
    return sorted(out)


def _digests(paths, base: Path, known: dict | None = None) -> list:
    """[(path relative to base, sha256)] of the files (None for one that cannot be read); known: digests already
    read (a snapshot's), filled here."""
    out = []
    for path in paths:
        try:
            name = path.relative_to(base).as_posix()
        except ValueError:
            name = str(path)
        if known is None or path not in known:
            value = digest.of_file(path)
            if known is None:
                out.append((name, value))
                continue
            known[path] = value
        out.append((name, known[path]))
    return out


def kata_files() -> list:
    """The kata's own code and messages, and the project's pytest configuration."""
    return _digests(_files(PACKAGE), PACKAGE.parent) + _digests([ROOT / "pyproject.toml"], ROOT)


def learner_files(s: Step, folder: Path, listing: list[Path] | None = None, read=None) -> list[Path]:
    """The learner's files a step's code may use: its own, the folder's files that are no step's, and the other
    steps' files named in any of those (followed as far as the names go). listing: the folder's files (_files),
    read(path): a Python file's text, when a snapshot has them already."""
    by_slug = {x.slug: folder / f"{x.slug}.py" for x in steps()}
    others = [p for p in (_files(folder) if listing is None else listing) if p.name.removesuffix(".py") not in by_slug]
    wanted, todo = [], [folder / f"{s.slug}.py", *others]
    while todo:
        path = todo.pop(0)
        if path in wanted:
            continue
        wanted.append(path)
        text = (read or _text)(path) if path.suffix == ".py" else ""
        todo += [by_slug[slug] for slug in NAMED.findall(text) if slug in by_slug]
    return sorted(wanted)


def _text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""


def data_files() -> list:
    """The IMDB files the checks read (KATA_DATA_DIR's, else Keras's download folder), by content."""
    folder = os.environ.get("KATA_DATA_DIR")
    if folder:
        places = [Path(folder).expanduser()]
    else:  # where keras.utils.get_file keeps them (KERAS_HOME, else ~/.keras, else a temporary folder)
        home = os.environ.get("KERAS_HOME")
        places = [Path(home) / "datasets"] if home else [Path.home() / ".keras" / "datasets",
                                                         Path("/tmp") / ".keras" / "datasets"]
    out = []
    for name in DATA_FILES:
        found = next((p / name for p in places if (p / name).is_file()), None)
        try:
            out.append((name, digest.of_still_file(found) if found else None))
        except OSError:
            out.append((name, None))
    return out


def versions() -> dict:
    """Python's version, and every installed distribution with its version (the names of their metadata folders:
    a package installed, removed or upgraded is another footprint), read without importing anything."""
    found: set[str] = set()
    for entry in sys.path:
        try:
            names = os.listdir(entry or ".")
        except OSError:
            continue
        found.update(n for n in names if n.endswith((".dist-info", ".egg-info")))
    return {"python": sys.version, "executable": sys.executable, "distributions": sorted(found)}


def setting_values(env=None) -> dict:
    """The KATA_* variables set that may change a verdict (a run's own, env, before this process's)."""
    names = {n for n in [*os.environ, *(env or {})] if n.startswith("KATA_")}
    wanted = sorted(n for n in names if n not in DISPLAY_ONLY and n not in settings.CHANNELS)
    return {n: (env or {}).get(n) or os.environ.get(n) or "" for n in wanted}


class Snapshot:
    """Everything footprints read, read once: the kata's files, tests/, the learner's folder, the data, the
    versions, the settings. A snapshot's footprints are those of that moment (a new one reads again)."""

    def __init__(self, folder: Path, root: Path = ROOT, extra_tests=(), env=None):
        self.folder, self.root = Path(folder).resolve(), Path(root).resolve()
        self.extra_tests = [Path(p) for p in extra_tests or ()]
        self.texts: dict[Path, str] = {}
        self.sums: dict[Path, str | None] = {}
        try:
            self.kata = kata_files()
            self.tests = [(p, step_of_file(p)) for p in _files(self.root / "tests")]
            self.listing: list[Path] | None = _files(self.folder)
        except TooBig:
            self.listing = None  # every footprint None: every step checked
        self.shared = [data_files(), versions(), setting_values(env)]

    def _read(self, path: Path) -> str:
        if path not in self.texts:
            self.texts[path] = _text(path)
        return self.texts[path]

    def of(self, s: Step) -> str | None:
        """The footprint of step s (None when a folder is too big to read: the step is then checked every time)."""
        if self.listing is None:
            return None
        tests = self.root / "tests"
        checks = _digests([p for p, owner in self.tests if p == s.test(self.root) or owner is None], tests, self.sums)
        hidden = _digests(sorted(p for p in self.extra_tests if getattr(step_of_file(p), "number", None) == s.number),
                          Path("/"))
        learner = _digests(learner_files(s, self.folder, self.listing, self._read), self.folder, self.sums)
        return digest.key(FORMAT, s.slug, str(ROOT), str(self.root), str(self.folder), self.kata, checks + hidden,
                          learner, *self.shared)


def of(s: Step, folder: Path, root: Path = ROOT, extra_tests=(), env=None) -> str | None:
    """The footprint of step s whose learner's code is in folder, now (None: checked every time)."""
    return Snapshot(folder, root, extra_tests, env).of(s)
