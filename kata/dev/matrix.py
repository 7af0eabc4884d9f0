"""`make test-matrix`: the learner's path on every Python the kata promises (3.10 to 3.13).

    python -m kata dev matrix [--versions 3.10,3.13]   (make test-matrix)

For each version found on this machine (pyenv's versions, `python3.X` on PATH, Windows' `py -3.X`), a
venv under .kata/matrix/py3.X (made again only when pyproject.toml changes) with `pip install -e .`,
then, in a clean copy of the repository as a learner clones it (the last commit; --worktree: the tracked
files as they are now, uncommitted changes included):
  (a) `python -m kata check` on the untouched stubs: exit 1, step 1 not started;
  (b) `python -m kata check --target solutions`: exit 0, every step done.
A version that is not on the machine is one line, and skipped. The exit code is 1 if a version found fails.
Each version has its own cache (KATA_CACHE_DIR): the reference trainings are made with its libraries.
"""

from __future__ import annotations

import argparse
import glob
import hashlib
import io
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

from kata import pyversion
from kata.i18n import t
from kata.manifest import ROOT

VERSIONS = tuple(pyversion.versions())  # pyproject.toml's requires-python
HOME = ROOT / ".kata" / "matrix"
WINDOWS = os.name == "nt"


def venv_python(venv: Path) -> Path:
    return venv / ("Scripts/python.exe" if WINDOWS else "bin/python")


def _version_of(command: list[str]) -> tuple[str, str] | None:
    """(version "3.X", sys.executable) of the interpreter the command starts; None if it does not start."""
    try:
        out = subprocess.run([*command, "-c", "import sys; print('%d.%d' % sys.version_info[:2], sys.executable)"],
                             capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired):
        return None
    parts = out.stdout.strip().split(maxsplit=1)
    return (parts[0], parts[1]) if out.returncode == 0 and len(parts) == 2 else None


def find(version: str, here: bool = True) -> str | None:
    """An interpreter of this version: this venv's (if it is, and here), pyenv's, python3.X on PATH, or `py -3.X`."""
    if here and "%d.%d" % sys.version_info[:2] == version and sys.prefix != sys.base_prefix:
        return sys.executable  # the venv running this (make's .venv): already has the kata installed
    candidates = []
    pyenv = shutil.which("pyenv")
    if pyenv:
        try:
            root = subprocess.run([pyenv, "root"], capture_output=True, text=True, timeout=30).stdout.strip()
        except (OSError, subprocess.TimeoutExpired):
            root = ""
        if root:
            found = glob.glob(os.path.join(root, "versions", f"{version}.*", "bin", "python"))
            candidates += sorted(found, key=lambda p: [int(x) if x.isdigit() else 0 for x in Path(p).parts[-3].split(".")],
                                 reverse=True)
    on_path = shutil.which(f"python{version}")
    if on_path:
        candidates.append(on_path)
    commands = [[python] for python in candidates]
    if shutil.which("py"):  # Windows' launcher
        commands.append([shutil.which("py"), f"-{version}"])
    for command in commands:  # a pyenv shim of a version not selected fails: each is asked its version
        answer = _version_of(command)
        if answer and answer[0] == version:
            return answer[1]
    return None


def _pyproject_hash(python: str) -> str:
    return hashlib.sha256((ROOT / "pyproject.toml").read_bytes() + python.encode()).hexdigest()


def prepare(version: str, python: str, log, upcoming: bool = False) -> tuple[str | None, float]:
    """The venv's python for this version (installed or reused), and the seconds it took; None if pip failed.
    upcoming: its own venv, with the newest TensorFlow pre-release the registry offers (make test-next)."""
    started = time.monotonic()
    if python == sys.executable and sys.prefix != sys.base_prefix and not upcoming:
        log(t("platform.matrix.reused", version=version, venv=Path(sys.prefix).name))
        return python, 0.0
    venv = HOME / (f"next-py{version}" if upcoming else f"py{version}")
    stamp = venv / ".installed"
    digest = _pyproject_hash(python)
    vpy = venv_python(venv)
    if vpy.exists() and stamp.exists() and stamp.read_text().strip() == digest:
        log(t("platform.matrix.reused", version=version, venv=_short(venv)))
        return str(vpy), 0.0
    log(t("platform.matrix.installing", version=version, venv=_short(venv)))
    commands = [] if _version_of([str(vpy)]) == (version, str(vpy)) else [[python, "-m", "venv", "--clear", str(venv)]]
    commands += [[str(vpy), "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "--upgrade", "pip"],
                [str(vpy), "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "-e", str(ROOT)]]
    if upcoming:  # past the pins, on purpose: what the next release will meet
        commands.append([str(vpy), "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "--pre", "--upgrade",
                         "tensorflow"])
    # an existing venv is updated in place (pip skips what is installed): a changed pyproject.toml costs seconds
    for command in commands:
        done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
        if done.returncode != 0:
            log(t("platform.matrix.install_failed", version=version))
            for line in (done.stdout + done.stderr).strip().splitlines()[-8:]:
                log("    " + line)
            return None, time.monotonic() - started
    stamp.write_text(digest)
    return str(vpy), time.monotonic() - started


def _short(path: Path) -> str:
    try:
        return str(path.relative_to(ROOT))
    except ValueError:
        return str(path)


def clean_copy(dest: Path, worktree: bool = False) -> Path:
    """The repository as a learner clones it: the last commit (git archive), or with worktree the tracked
    files as they are now. Outside a git checkout (a student template): every file but venvs and caches."""
    dest.mkdir(parents=True, exist_ok=True)
    try:
        if not worktree:
            archive = subprocess.run(["git", "archive", "--format=tar", "HEAD"], cwd=ROOT, capture_output=True, check=True)
            with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
                tar.extractall(dest, filter="data") if hasattr(tarfile, "data_filter") else tar.extractall(dest)
            return dest
        listed = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True).stdout
        files = [f for f in listed.decode().split("\0") if f]
    except (OSError, subprocess.CalledProcessError):
        files = [str(p.relative_to(ROOT)) for p in ROOT.rglob("*") if p.is_file()
                 and not {".git", ".venv", ".kata", "__pycache__"} & set(p.relative_to(ROOT).parts)]
    for name in files:
        source = ROOT / name
        if source.is_file():
            target = dest / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)
    return dest


def run_kata(vpy: str, copy: Path, cache: Path, *args) -> tuple[int, str, float]:
    env = {**os.environ, "KATA_CACHE_DIR": str(cache), "KATA_LANG": "en", "PYTHONDONTWRITEBYTECODE": "1"}
    for name in ("STEP", "LEVEL", "VERBOSE", "KATA_TARGET", "VIRTUAL_ENV", "PYTHONPATH"):
        env.pop(name, None)
    started = time.monotonic()
    done = subprocess.run([vpy, "-m", "kata", "check", *args], cwd=copy, env=env, capture_output=True, text=True,
                          encoding="utf-8", errors="replace")
    return done.returncode, done.stdout + done.stderr, time.monotonic() - started


def one(version: str, copy, log, upcoming: bool = False) -> dict:
    row = {"version": version, "python": None, "install": None, "stubs": None, "solutions": None, "ok": None}
    python = find(version)
    if python is None:
        log(t("platform.matrix.missing", version=version))
        return row
    row["python"] = python
    log(t("platform.matrix.found", version=version, python=python))
    vpy, row["install"] = prepare(version, python, log, upcoming)
    if vpy is None:
        row["ok"] = False
        return row
    if upcoming:
        log("    " + subprocess.run([vpy, "-c", "import tensorflow as tf, keras; print('TensorFlow', tf.__version__, "
                                    "'Keras', keras.__version__)"], capture_output=True, text=True).stdout.strip())
    cache = HOME / (f"next-py{version}" if upcoming else f"py{version}") / "cache"
    cache.mkdir(parents=True, exist_ok=True)
    copy = copy()

    code, output, row["stubs"] = run_kata(vpy, copy, cache)
    start_line = t("ui.next_start", language="en", file="exercises/01_load.py")
    stubs_ok = code == 1 and start_line in output
    log(t("platform.matrix.stubs_ok" if stubs_ok else "platform.matrix.stubs_bad", version=version, code=code,
          seconds=f"{row['stubs']:.0f}"))
    if not stubs_ok:
        _tail(output, log)

    code, output, row["solutions"] = run_kata(vpy, copy, cache, "--target", "solutions")
    solutions_ok = code == 0
    log(t("platform.matrix.solutions_ok" if solutions_ok else "platform.matrix.solutions_bad", version=version, code=code,
          seconds=f"{row['solutions']:.0f}"))
    if not solutions_ok:
        _tail(output, log)
    row["ok"] = stubs_ok and solutions_ok
    return row


def _tail(output: str, log, lines: int = 15) -> None:
    for line in output.strip().splitlines()[-lines:]:
        log("    " + line)


def table(rows: list[dict]) -> str:
    def cell(seconds):
        return "-" if seconds is None else f"{seconds:.0f} s"

    out = [f"{'Python':<8} {'install':>8} {'stubs':>7} {'solutions':>10}  result"]
    for r in rows:
        result = "not found" if r["python"] is None else ("ok" if r["ok"] else "FAILED")
        out.append(f"{r['version']:<8} {cell(r['install']):>8} {cell(r['stubs']):>7} {cell(r['solutions']):>10}  {result}")
    return "\n".join(out)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m kata dev matrix", description=__doc__.split("\n\n")[0])
    parser.add_argument("--versions", default=os.environ.get("KATA_MATRIX_VERSIONS") or ",".join(VERSIONS),
                        help="comma-separated, e.g. 3.10,3.13 (default: every version pyproject.toml supports)")
    parser.add_argument("--worktree", action="store_true", default=bool(os.environ.get("KATA_MATRIX_WORKTREE")),
                        help="check the tracked files as they are now (default: the last commit, as a learner clones it)")
    parser.add_argument("--next", action="store_true",
                        help="the newest TensorFlow pre-release, on the newest supported Python found (make test-next)")
    args = parser.parse_args(argv)
    if args.next and not os.environ.get("KATA_MATRIX_VERSIONS"):
        newest = next((v for v in reversed(VERSIONS) if find(v)), VERSIONS[-1])
        args.versions = newest

    def log(line):
        print(line, flush=True)

    log(t("platform.matrix.header"))
    HOME.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    rows = []
    with tempfile.TemporaryDirectory(prefix="kata-matrix-") as tmp:
        made = []

        def copy() -> Path:  # once, when a first version is found: every version checks the same files
            if not made:
                made.append(clean_copy(Path(tmp) / "imdb-kata", worktree=args.worktree))
            return made[0]

        for version in [v.strip() for v in args.versions.split(",") if v.strip()]:
            rows.append(one(version, copy, log, upcoming=args.next))
    print()
    print(table(rows))
    print(f"({time.monotonic() - started:.0f} s)")
    found = [r for r in rows if r["python"] is not None]
    failed = [r for r in found if not r["ok"]]
    if not found:
        print(t("platform.matrix.none"))
        return 0
    print(t("platform.matrix.failed", count=len(failed)) if failed else t("platform.matrix.passed"))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
