"""The learner process in a sandbox (bubblewrap, `bwrap`: the sandbox Flatpak uses).

The supervisor of learner processes (kata.learner.supervisor) is started inside `bwrap`: its own PID
namespace (it cannot see or signal the judge), its own user namespace (no privilege over anything
outside, even when the kata runs as root), no network, a new terminal session, and it dies with the
judge (--die-with-parent).

Two views of the file system:
- "local" (`make check` on the learner's own machine): everything read-only except the project folder
  and /tmp (the learner's own files; they may write there as in any script), with the judge's side of the
  project hidden (kata/judge, tests/, the judge's cache: empty folders). The learner
  process cannot see, signal or trace the judge, nor use the network.
- "strict" (`make grade SUBMISSIONS=dir`, an untrusted copy): only what the learner process needs, read
  only: the system's libraries, the Python environment, the learner's side of the pristine kata (kata/shared,
  kata/learner, kata/datasets: never kata/judge and its reference pipeline), the data,
  and that copy's exercises; a private writable scratch (its own HOME, TMPDIR and cache); the call
  folders of its judge. Nothing of solutions/, other copies, the instructor's cache or hidden checks.

`available()` tells whether bwrap runs here (the package `bubblewrap`; user namespaces enabled).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from kata.manifest import ROOT

SYSTEM = ("/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32", "/etc")
# What a learner process in the strict sandbox gets of the environment: nothing else (no tokens, no paths
# of the instructor's).
ENV_KEPT = ("PATH", "HOME", "TMPDIR", "LANG", "LC_ALL", "LC_MESSAGES", "PYTHONPATH", "PYTHONHASHSEED",
            "PYTHONDONTWRITEBYTECODE", "MPLBACKEND", "MPLCONFIGDIR", "TF_CPP_MIN_LOG_LEVEL", "KERAS_HOME",
            "KATA_DATA_DIR", "KATA_CACHE_DIR", "KATA_LANG", "KATA_VERBOSE", "KATA_SANDBOX", "KATA_NO_FORK",
            "TF_NUM_INTRAOP_THREADS", "TF_NUM_INTEROP_THREADS", "OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS",
            "MKL_NUM_THREADS", "KATA_SUPERVISOR", "KATA_SUPERVISOR_IMPORT")


def available() -> str | None:
    """None when bwrap can make a sandbox here; else one sentence saying why not and how to enable it."""
    if not sys.platform.startswith("linux"):
        return "the sandbox (bubblewrap) exists on Linux only"
    from kata.shared.platform import portable

    if portable():  # the sandbox has no network: its channels must be inherited descriptors
        return "the sandbox needs the judge's channels passed as descriptors, which KATA_PORTABLE=1 turns off"
    return _bwrap_works()


@lru_cache(maxsize=None)
def _bwrap_works() -> str | None:
    exe = shutil.which("bwrap")
    if exe is None:
        return ("bubblewrap is not installed: `sudo apt-get install bubblewrap` (Debian, Ubuntu) or "
                "`sudo dnf install bubblewrap`")
    try:
        proc = subprocess.run([exe, "--ro-bind", "/", "/", "--unshare-all", "--die-with-parent", "--", "true"],
                              capture_output=True, text=True, timeout=20)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return f"bubblewrap could not run ({exc})"
    if proc.returncode != 0:
        why = (proc.stderr.strip().splitlines() or ["?"])[-1][:200]
        return (f"bubblewrap cannot make a sandbox here ({why}): enable unprivileged user namespaces "
                "(`sudo sysctl -w kernel.unprivileged_userns_clone=1`, or on Ubuntu 24.04+ "
                "`sudo sysctl -w kernel.apparmor_restrict_unprivileged_userns=0`)")
    return None


@dataclass
class Sandbox:
    """What one learner process's sandbox sees."""

    mode: str  # "local" or "strict"
    exercises: Path | None = None  # strict: the copy's exercises (a fresh working copy)
    scratch: Path | None = None  # strict: the private writable folder (HOME, TMPDIR, cache)
    writable: list = field(default_factory=list)  # folders the judge shares read-write (its call folders)
    readable: list = field(default_factory=list)  # folders the judge shares read-only (its inputs, the data)
    keras_home: Path | None = None

    def command(self, env: dict | None = None) -> list[str]:
        """The bwrap command line that goes before the supervisor's (strict: with only ENV_KEPT of env)."""
        args = ["bwrap", "--die-with-parent", "--new-session", "--unshare-all", "--cap-drop", "ALL", "--hostname", "kata"]
        if self.mode == "strict":
            args.append("--clearenv")
            for name in ENV_KEPT:
                if env and env.get(name) is not None:
                    args += ["--setenv", name, str(env[name])]
        args += self._local_view() if self.mode == "local" else self._strict_view()
        for path in self.readable:
            if path and Path(path).exists():
                args += ["--ro-bind", str(path), str(path)]
        for path in self.writable:
            args += ["--bind", str(path), str(path)]
        args += ["--chdir", str(self.scratch if self.mode == "strict" and self.scratch else ROOT)]
        return args + ["--"]

    @staticmethod
    def _local_view() -> list[str]:
        """The learner's own machine: everything read only but their project and /tmp, as for any script of theirs,
        and the judge's side of the project hidden (empty folders there)."""
        args = ["--ro-bind", "/", "/", "--dev", "/dev", "--proc", "/proc", "--bind", "/tmp", "/tmp",
                "--bind", str(ROOT), str(ROOT)]
        for hidden in judge_side():
            args += ["--tmpfs", str(hidden)]
        return args

    def _strict_view(self) -> list[str]:
        """An untrusted copy: the system, the Python environment and the learner's side of the kata, read only; its
        own exercises, read only; its private scratch."""
        args = []
        for path in SYSTEM:
            if os.path.islink(path):
                args += ["--symlink", os.readlink(path), path]
            elif os.path.exists(path):
                args += ["--ro-bind", path, path]
        # /dev, /proc and an empty /tmp first: what is bound next may live under /tmp (a clone there)
        args += ["--dev", "/dev", "--proc", "/proc", "--tmpfs", "/tmp"]
        for prefix in _python_paths():
            args += ["--ro-bind", str(prefix), str(prefix)]
        for part in LEARNER_SIDE:  # the learner's side of the kata, and nothing else of it
            if (ROOT / part).exists():
                args += ["--ro-bind", str(ROOT / part), str(ROOT / part)]
        if self.scratch is not None:
            args += ["--bind", str(self.scratch), str(self.scratch)]
        if self.exercises is not None:
            args += ["--ro-bind", str(self.exercises), str(self.exercises)]
        return args

    def env(self) -> dict:
        """Environment for the sandboxed supervisor (strict: HOME, TMPDIR and the cache in the scratch)."""
        if self.mode != "strict" or self.scratch is None:
            return {}
        home = self.scratch / "home"
        home.mkdir(parents=True, exist_ok=True)
        return {"HOME": str(home), "TMPDIR": str(self.scratch), "KATA_CACHE_DIR": str(self.scratch / "cache"),
                "MPLCONFIGDIR": str(self.scratch / "mpl"), "KERAS_HOME": str(self.keras_home or home / ".keras")}


# What of the kata a learner process loads: the package's marker, the shared ground, its own side, the loader.
LEARNER_SIDE = ("kata/__init__.py", "kata/shared", "kata/learner", "kata/datasets")


def judge_side() -> list[Path]:
    """What a learner process must not see on the learner's own machine (the "local" sandbox): the judge and its
    reference pipeline, the checks, the judge's cache. (The solutions stay, and the kata's own tests: `make
    solution` shows the solutions to the learner anyway, and the project's tests feed its answers through here.)"""
    from kata.shared import cache

    found = [ROOT / "kata" / "judge", ROOT / "tests", cache.folder("judge")]
    return [p for p in found if p.is_dir()]


def from_env(env: dict, exchange: Path | None) -> Sandbox | None:
    """The sandbox KATA_SANDBOX asks for: "strict" (with KATA_SANDBOX_SCRATCH and KATA_SANDBOX_EXERCISES),
    "local", "off", or unset (local where bwrap works, else none). Raises RuntimeError when "strict" or
    "local" is asked for and bwrap does not work here."""
    from kata.shared import cache

    wanted = (env.get("KATA_SANDBOX") or "auto").lower()
    if wanted == "off":
        return None
    why = available()
    if why is not None:
        if wanted == "auto":
            return None
        raise RuntimeError(f"the sandbox is not available: {why}")
    mode = "strict" if wanted == "strict" else "local"
    private = bool(env.get("KATA_SANDBOX_PRIVATE"))  # step 14: nothing the other calls got or gave back
    readable = [] if private else [str(cache.folder("exchange"))]
    data = env.get("KATA_DATA_DIR")
    if data:
        readable.append(str(Path(data).expanduser().resolve()))
    writable = [str(exchange)] if exchange else []
    if mode == "strict":
        scratch, exercises = Path(env["KATA_SANDBOX_SCRATCH"]), Path(env["KATA_SANDBOX_EXERCISES"])
        if private:  # a scratch of its own: the copy's holds what its other calls wrote (the data, test labels too)
            scratch = scratch.with_name(scratch.name + "-private")
            scratch.mkdir(parents=True, exist_ok=True)
        keras_home = Path(os.environ.get("KERAS_HOME") or Path(os.path.expanduser("~")) / ".keras")
        if keras_home.is_dir() and not private:
            readable.append(str(keras_home))  # the IMDB files Keras downloaded, read only
        return Sandbox("strict", exercises=exercises, scratch=scratch, writable=writable, readable=readable,
                       keras_home=keras_home)
    cache_dir = Path(env.get("KATA_CACHE_DIR") or ROOT / ".kata" / "cache").resolve()
    if not cache_dir.is_relative_to(ROOT):
        writable.append(str(cache_dir))
    return Sandbox("local", writable=writable, readable=readable)


def _python_paths() -> list[Path]:
    """The folders the Python environment lives in: the interpreter's installation and the venv."""
    found: list[Path] = []
    for prefix in {sys.prefix, sys.base_prefix, sys.exec_prefix, os.path.dirname(os.path.realpath(sys.executable))}:
        path = Path(prefix)
        if any(path == p or path.is_relative_to(p) for p in found) or any(str(path).startswith(s) for s in SYSTEM):
            continue
        found.append(path)
    return found
