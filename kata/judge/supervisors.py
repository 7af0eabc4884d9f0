"""The judge's handle on a learner processes' supervisor (kata.learner.supervisor): start it (in the sandbox the
run asks for), talk to it, stop it. One call at a time goes through it (kata.judge.calls)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

from kata.manifest import ROOT
from kata.shared import framing, settings, transport
from kata.shared.vocabulary import Op

START_TIMEOUT = 180.0  # seconds for the supervisor to start and import its libraries


class SupervisorError(RuntimeError):
    """The supervisor could not be started or stopped answering (a fault of the kata's side)."""


class Supervisor:
    """A running kata.learner.supervisor and the channel to it."""

    def __init__(self, sock: socket.socket, proc: subprocess.Popen | None = None, log: Path | None = None):
        self.sock, self.proc, self.log = sock, proc, log
        self.inbox_reader = transport.Inbox(sock)
        self.inbox: list[dict] = []
        self.dead = False
        self.imported: set[str] = set()
        self.ids = iter(range(1, 1 << 62))

    @classmethod
    def start(cls, env: dict | None = None, modules=(), box=None, log: Path | None = None) -> "Supervisor":
        """Start one (in `box`, a kata.judge.sandbox.Sandbox, when given)."""
        opening = transport.Opening()
        full = {**child_env(env), "KATA_SUPERVISOR": opening.handle}
        if modules:
            full["KATA_SUPERVISOR_IMPORT"] = ",".join(modules)
        cmd = [*(box.command(full) if box is not None else ()), sys.executable, "-m", "kata.learner.supervisor"]
        sink = open(log, "ab") if log else None  # noqa: SIM115
        try:
            out = sink if sink is not None else subprocess.DEVNULL
            proc = subprocess.Popen(cmd, cwd=ROOT, env=full, stdin=subprocess.DEVNULL, stdout=out, stderr=out,
                                    pass_fds=opening.fds)
        except OSError as exc:
            opening.close()
            raise SupervisorError(f"could not start the learner process ({exc})") from None
        finally:
            if sink is not None:
                sink.close()
        ours = opening.accept(timeout=START_TIMEOUT, alive=lambda: proc.poll() is None)
        opening.close()
        if ours is None:
            if proc.poll() is None:
                proc.kill()
            proc.wait()
            raise SupervisorError("the learner process's supervisor did not start" + _tail_of(log))
        sup = cls(ours, proc, log)
        sup.imported.update(modules)
        return sup

    @classmethod
    def lent(cls, handle: str) -> "Supervisor | None":
        """The supervisor `make check` started beside this judge (its channel's handle), if it answers."""
        try:
            sup = cls(transport.join(handle))
            sup.send({"op": Op.PING})
            sup.wait_for(Op.PONG, 30)
            return sup
        except (OSError, ValueError, SupervisorError):
            return None

    def alive(self) -> bool:
        return not self.dead and (self.proc is None or self.proc.poll() is None)

    def send(self, message: dict, channels: dict | None = None) -> None:
        try:
            transport.send(self.sock, message, channels)
        except OSError as exc:
            self.dead = True
            raise SupervisorError(f"the learner process's supervisor is gone ({exc})") from None

    def read(self, timeout: float | None) -> bool:
        """Read what arrived within timeout into the inbox; False when the supervisor has gone."""
        try:
            messages = self.inbox_reader.read(timeout)
        except framing.FramingError:
            messages = None
        if messages is None:
            self.dead = True
            return False
        self.inbox.extend(messages)
        return True

    def take(self, op: str, call_id=None) -> dict | None:
        """The first message of the inbox for op (or an error), removed from it; None if there is none."""
        for i, message in enumerate(self.inbox):
            if message.get("op") in (op, Op.ERROR) and (call_id is None or message.get("id") == call_id):
                return self.inbox.pop(i)
        return None

    def wait_for(self, op: str, timeout: float, call_id=None) -> dict:
        deadline = time.monotonic() + timeout
        while True:
            found = self.take(op, call_id)
            if found is not None:
                return found
            left = deadline - time.monotonic()
            if left <= 0:
                raise SupervisorError(f"the learner process's supervisor did not answer ({op}) within {timeout:.0f} s")
            if not self.read(min(left, 1.0)):
                raise SupervisorError("the learner process's supervisor ended unexpectedly" + _tail_of(self.log))

    def ensure_imported(self, modules) -> None:
        """Ask the supervisor to import modules (without waiting: it imports them before the next spawn)."""
        wanted = [m for m in modules if m not in self.imported]
        if not wanted:
            return
        self.send({"op": Op.IMPORT, "modules": wanted})
        self.imported.update(wanted)

    def close(self) -> None:
        """Stop a supervisor this side started; one lent by the runner (no process here) stays for the next run."""
        if self.proc is not None:
            try:
                self.sock.sendall(framing.dumps({"op": Op.QUIT}))
            except OSError:
                pass
        self.sock.close()
        if self.proc is not None:
            try:
                self.proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()

    def kill(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        self.sock.close()


def _tail_of(log: Path | None) -> str:
    """The last lines of a supervisor's log, after a colon (to end a message), or nothing when it has none."""
    if not log or not log.exists():
        return ""
    lines = [line for line in log.read_text(errors="replace").splitlines() if line.strip()][-3:]
    return (": " + " | ".join(lines))[:400] if lines else ""


def start_supervisor(env: dict | None = None, modules=(), log: Path | None = None,
                     exchange: Path | None = None) -> Supervisor:
    """A supervisor for learner processes, in the sandbox KATA_SANDBOX asks for (kata.judge.sandbox):
    by default the "local" sandbox where bubblewrap works, none where it does not."""
    from kata.judge import sandbox

    full = {**os.environ, **(env or {})}
    try:
        box = sandbox.from_env(full, exchange)
    except RuntimeError as exc:
        raise SupervisorError(str(exc)) from None
    if box is None:
        return Supervisor.start(env=env, modules=modules, log=log)
    return Supervisor.start(env={**(env or {}), **box.env()}, modules=modules, log=log, box=box)


def child_env(extra: dict | None = None) -> dict:
    """The environment of a learner process: the judge's, made repeatable and quiet, without the kata's channels."""
    env = {**os.environ, **(extra or {})}
    env["PYTHONHASHSEED"] = "0"  # the same set and dict orders on every run
    env["PYTHONDONTWRITEBYTECODE"] = "1"  # no __pycache__ among the learner's files
    env.setdefault("MPLBACKEND", "Agg")
    if not env.get("KATA_VERBOSE"):
        env.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    for name in settings.CHANNELS:
        env.pop(name, None)
    return env
