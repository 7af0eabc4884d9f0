"""Judges started ahead (kata.judge.spare), so that a check does not wait for Python, pytest and the data:

- `Spare`: one judge waiting for the next run (`make watch` keeps one while the learner types);
- `Judges`: one that stays for a whole batch and forks a judge for each copy (`make grade SUBMISSIONS=dir`);
  `Judges.spare(env)` gives one run a `ForkedSpare` with Spare's interface, its judge a `Forked` (seen like a
  subprocess.Popen).
They need descriptors passed between processes: on the portable path (Windows) each run starts its own judge.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

from kata.manifest import ROOT
from kata.shared import framing, settings, transport
from kata.shared.vocabulary import Op


def judge_env(env, root: Path) -> dict:
    """The environment of a judge process: this one's (without the kata's channels), quiet, repeatable."""
    full_env = {**os.environ, "TF_CPP_MIN_LOG_LEVEL": os.environ.get("TF_CPP_MIN_LOG_LEVEL", "3"),
                "PYTHONDONTWRITEBYTECODE": "1",
                # only the plugins a check needs (each installed plugin costs start-up time); nothing else
                "PYTEST_DISABLE_PLUGIN_AUTOLOAD": "1", **(env or {})}
    full_env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(root), full_env.get("PYTHONPATH")]))
    for name in settings.CHANNELS:
        full_env.pop(name, None)
    return full_env


def _start_spare(args: list, env, root: Path, log: Path):
    """A kata.judge.spare process and the channel to it."""
    opening = transport.Opening()
    with open(log, "w", encoding="utf-8") as sink:
        proc = subprocess.Popen([sys.executable, "-m", "kata.judge.spare", *args], cwd=root,
                                env={**judge_env(env, root), "KATA_SPARE": opening.handle}, stdout=sink,
                                stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, pass_fds=opening.fds)
    sock = opening.accept(timeout=30, alive=lambda: proc.poll() is None)
    opening.close()
    return proc, sock


def _said_ready(inbox: transport.Inbox | None, proc, timeout: float) -> bool:
    """Whether a judge started ahead says it has loaded everything (waiting up to timeout seconds)."""
    if inbox is None or proc.poll() is not None:
        return False
    try:
        messages = inbox.read(timeout)
    except framing.FramingError:
        return False
    return messages is not None and bool(messages) and messages[0].get("op") == Op.READY


class Spare:
    """A judge started ahead: Python, pytest and the reference data loaded, waiting for one run."""

    def __init__(self, env=None, root: Path = ROOT):
        self.folder = Path(tempfile.mkdtemp(prefix="kata-spare-"))
        self.log = self.folder / "output.txt"
        self.proc, self.sock = _start_spare([], env, root, self.log)
        self.inbox = transport.Inbox(self.sock) if self.sock is not None else None
        self.waiting = False

    def ready(self, timeout: float = 0.0) -> bool:
        """True once the spare has loaded everything (waiting up to timeout seconds for it)."""
        self.waiting = self.waiting or _said_ready(self.inbox, self.proc, timeout)
        return self.waiting

    def go(self, argv: list, env: dict, channels: dict) -> subprocess.Popen:
        transport.send(self.sock, {"op": Op.RUN, "argv": argv, "env": env}, channels)
        self.sock.close()
        return self.proc

    def close(self) -> None:
        if self.sock is not None:
            try:
                self.sock.close()
            except OSError:
                pass
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        shutil.rmtree(self.folder, ignore_errors=True)


class Judges:
    """A judge that stays for a whole batch (kata.judge.spare --fork): Python, pytest, Keras and the reference
    data loaded once; each copy's judge is forked from it. Where it cannot start or has died, each run starts
    its own judge as usual (time, not results)."""

    def __init__(self, env=None, root: Path = ROOT, modules=("keras",)):
        self.folder = Path(tempfile.mkdtemp(prefix="kata-judges-"))
        self.root, self.lock, self.waiting, self.waited = root, threading.Lock(), False, False
        self.proc, self.sock = _start_spare(["--fork", "--import", ",".join(modules)], env, root, self.folder / "output.txt")
        self.inbox = transport.Inbox(self.sock) if self.sock is not None else None

    def ready(self, timeout: float = 0.0) -> bool:
        """True while it is there to fork judges. Only the first run waits for it (up to timeout seconds): one
        that never got ready costs that wait once, not once per copy."""
        with self.lock:
            if not self.waiting:
                self.waiting = _said_ready(self.inbox, self.proc, 0.0 if self.waited else timeout)
                self.waited = True
            return self.waiting and self.proc.poll() is None

    def spare(self, env=None) -> "ForkedSpare":
        return ForkedSpare(self, env)

    def fork(self, order: dict, channels: dict) -> "Forked":
        """Send one run's order; the judge forked for it (OSError when the batch's judge is not there)."""
        done = transport.Opening()
        try:
            with self.lock:
                transport.send(self.sock, order, {"done": done, **channels})
            sock = done.accept(timeout=30)
        finally:
            done.close()
        if sock is None:
            raise OSError("the batch's judge did not answer")
        forked = Forked(sock)
        if forked.pid is None:
            raise OSError("the batch's judge did not start a judge")
        return forked

    def close(self) -> None:
        try:
            self.sock.close()  # it kills the judges still running, then ends
        except (OSError, AttributeError):
            pass
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        shutil.rmtree(self.folder, ignore_errors=True)


class ForkedSpare:
    """What one run gets from Judges: Spare's interface (ready, go, log, close), its judge forked."""

    def __init__(self, judges: Judges, env=None):
        self.judges, self.env = judges, env
        self.folder = Path(tempfile.mkdtemp(prefix="kata-spare-"))
        self.log = self.folder / "output.txt"

    def ready(self, timeout: float = 0.0) -> bool:
        return self.judges.ready(max(timeout, 120.0))  # the batch's first run waits while it loads (beside its supervisor)

    def go(self, argv: list, env: dict, channels: dict) -> "Forked":
        full = {**judge_env(self.env, self.judges.root), **env}
        with open(self.log, "w", encoding="utf-8") as sink:
            return self.judges.fork({"op": Op.RUN, "argv": argv, "env": full, "cwd": str(self.judges.root)},
                                    {"log": sink, **channels})

    def close(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)


class Forked:
    """A judge forked by Judges, seen like a subprocess.Popen (poll, wait, kill, returncode): it says
    {"op": "started", "pid"} then {"op": "exit", "code"} on its channel."""

    def __init__(self, sock):
        self.sock, self.lines, self.pending, self.returncode = sock, framing.Lines(), [], None
        first = self._next(30)
        self.pid = int(first["pid"]) if first and first.get("op") == Op.STARTED else None

    def _next(self, timeout) -> dict | None:
        while not self.pending:
            self.sock.settimeout(timeout)
            try:
                data = self.sock.recv(256)
            except (BlockingIOError, TimeoutError, InterruptedError):
                return None
            except OSError:
                data = b""
            if not data:  # the batch's judge is gone: so is this judge (it dies with it)
                return {"op": Op.EXIT, "code": -9}
            try:
                self.pending.extend(self.lines.feed(data))
            except framing.FramingError:
                return {"op": Op.EXIT, "code": -9}
        return self.pending.pop(0)

    def _read(self, timeout) -> None:
        message = self._next(timeout)
        if message is not None and message.get("op") == Op.EXIT:
            self.returncode = int(message.get("code", -9))
            self.sock.close()

    def poll(self):
        if self.returncode is None:
            self._read(0)
        return self.returncode

    def wait(self, timeout=None):
        if self.returncode is None:
            self._read(timeout)
        if self.returncode is None:
            raise subprocess.TimeoutExpired(f"judge {self.pid}", timeout)
        return self.returncode

    def kill(self) -> None:
        if self.poll() is None and self.pid is not None:
            try:
                os.kill(self.pid, signal.SIGKILL)
            except OSError:
                pass
