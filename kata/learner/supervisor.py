"""The learner process's supervisor: a spare process that starts one fresh learner process per call.

    python -m kata.learner.supervisor          (started by the judge, or by `make check`/`make watch`;
                                                KATA_SUPERVISOR in its environment: the judge's channel)

It imports the libraries the learner's files use (Keras, NumPy, matplotlib: never the learner's own files),
keeps the judge's input data decoded, and waits. For each call the judge opens two channels (control and
output) and sends their handles with the `spawn` message; the supervisor forks a child that becomes the
learner process (kata.learner.isolation: its own PID namespace, limits, nothing inherited) and watches it:
wall time, memory and number of processes of everything below the supervisor (one call at a time, so all of
it is the call's: orphans re-parented here included). When the call ends, or is killed, every process it left
is killed too, and the judge hears how it ended. Without fork (kata.learner.fresh) each call is a freshly
started Python instead, with the same isolation where the system has it.

No learner code ever runs in this process. The supervisor dies with its judge (end of the channel), and
its children die with it; a learner process cannot signal, stop or trace it (another PID namespace; not
dumpable).

Messages, one JSON object per line (kata.shared.framing):
  judge -> supervisor: import {modules} · spawn {id, spec, limits, channels: {ctrl, out}} · kill {id, reason}
                       · ping · quit
  supervisor -> judge: imported {done, failed} · spawned {id, pid} · ended {id, exit, signal, reason, strays,
                       seconds, cpu_seconds, memory_mb} · pong · error {id, text}
"""

from __future__ import annotations

import importlib
import os
import select
import signal
import socket
import sys
import time

from kata.learner import fresh, isolation
from kata.learner.memo import MEMO
from kata.learner.processes import CPU_USED, STARTED, descendants, kill_all_below, private_mb, reap, resident_mb
from kata.shared import framing, transport
from kata.shared.platform import PR_SET_CHILD_SUBREAPER, PR_SET_DUMPABLE, SIGKILL, die_with_parent, prctl, use_fork
from kata.shared.vocabulary import Op

POLL = 0.2  # seconds between two looks at a running child
HELPERS = 2  # processes of the kata's own below a contained call: the one that waits outside, and its init


class Watch:
    """One running call, watched: its limits, when its wall time started, why it was stopped, its peak memory."""

    def __init__(self, call_id, pid: int, limits: dict, started: float, ready=None):
        self.call_id, self.pid, self.started, self.ready = call_id, pid, started, ready
        self.wall = float(limits.get("wall_seconds") or 0)
        self.memory = float(limits.get("memory_mb") or 0)
        self.processes = int(limits.get("processes") or 0)
        self.reason, self.peak, self.clock = None, 0.0, started

    def over(self, me: int) -> str | None:
        """The limit the call is over now, if any (everything below the supervisor counts: it is all the call's)."""
        if self.ready is not None:
            self.clock = self.ready.clock()
        tree = descendants(me)
        if self.wall and time.monotonic() - self.clock > self.wall:  # the watchdog: no signal, a look every POLL s
            return "time"
        if self.processes and len(tree) > self.processes + HELPERS:
            return "processes"
        if self.memory:
            used = resident_mb(tree)
            if used is None or used > self.memory:  # shared pages counted too: count only the private ones
                used = private_mb(tree)
            self.peak = max(self.peak, used)
            if used > self.memory:
                return "memory"
        return None


class Supervisor:
    def __init__(self, sock: socket.socket):
        self.sock, self.inbox = sock, transport.Inbox(sock)
        self.me = os.getpid()
        # A child's end wakes the loop at once (SIGCHLD on a self-pipe), not at the next poll. (Windows has
        # neither SIGCHLD nor select on pipes: the loop looks every POLL seconds.)
        self.wake_r = None
        if hasattr(signal, "SIGCHLD"):
            self.wake_r, wake_w = os.pipe()
            os.set_blocking(self.wake_r, False)
            os.set_blocking(wake_w, False)
            signal.signal(signal.SIGCHLD, lambda *_: None)
            signal.set_wakeup_fd(wake_w, warn_on_full_buffer=False)
        self.fork = use_fork()
        self.imported: list[str] = []  # what a freshly started learner process imports before its call

    def send(self, message: dict) -> None:
        self.sock.sendall(framing.dumps(message))

    def messages(self, timeout=None) -> list[dict] | None:
        """The next messages from the judge (waiting up to timeout seconds); None when the judge is gone."""
        ready, _, _ = select.select([self.sock] + ([self.wake_r] if self.wake_r is not None else []), [], [], timeout)
        if self.wake_r is not None and self.wake_r in ready:
            try:
                while os.read(self.wake_r, 512):
                    pass
            except (BlockingIOError, InterruptedError):
                pass
        if self.sock not in ready:
            return []
        return self.inbox.read(0)

    def serve(self) -> None:
        while True:
            batch = self.messages()
            if batch is None:
                return
            for message in batch:
                if not self.handle(message):
                    return

    def handle(self, message) -> bool:
        op = message.get("op")
        if op == Op.PING:
            self.send({"op": Op.PONG, "pid": self.me})
        elif op == Op.IMPORT:
            self.preimport(message.get("modules") or [], reply=True)
        elif op == Op.SPAWN:
            return self.spawn(message)
        elif op == Op.QUIT:
            return False
        return True  # a kill for a call that already ended, or anything unknown

    def preimport(self, modules, reply=False) -> None:
        done, failed = [], {}
        for name in modules:
            try:
                importlib.import_module(name)
                done.append(name)
                if name not in self.imported:
                    self.imported.append(name)
            except BaseException as exc:  # a broken install is reported, not fatal
                failed[name] = f"{type(exc).__name__}: {exc}"[:300]
        if "matplotlib" in sys.modules:
            try:
                sys.modules["matplotlib"].use("Agg")
            except Exception:
                pass
        if reply:
            self.send({"op": Op.IMPORTED, "done": done, "failed": failed})

    def spawn(self, message) -> bool:
        call_id, spec, limits = message.get("id"), message.get("spec") or {}, message.get("limits") or {}
        channels = message.get("channels") or {}
        try:
            if self.fork:
                for folder in spec.get("inputs", []):
                    MEMO.get(folder)  # decoded here once; every child inherits it (copy-on-write)
            out_fd = transport.output_fd(str(channels.get("out")))
        except Exception as exc:
            self._drop(channels)
            self.send({"op": Op.ERROR, "id": call_id,
                       "text": f"could not prepare the call: {type(exc).__name__}: {exc}"[:500]})
            return True
        sys.stdout.flush()
        sys.stderr.flush()
        started, ready = time.monotonic(), None
        try:
            if self.fork:
                pid = os.fork()
                if pid == 0:
                    self._in_child()
                    isolation.become_learner(spec, limits, str(channels.get("ctrl")), out_fd, MEMO)
            else:
                pid, ready = fresh.start(spec, limits, str(channels.get("ctrl")), out_fd, self.imported, STARTED)
        except OSError as exc:
            self.send({"op": Op.ERROR, "id": call_id, "text": f"could not start a learner process: {exc}"[:500]})
            return True
        finally:
            os.close(out_fd)
            self._drop(channels)
        self.send({"op": Op.SPAWNED, "id": call_id, "pid": pid})
        return self.watch(Watch(call_id, pid, limits, started, ready))

    def _in_child(self) -> None:
        """In a forked child, before it becomes the learner process: nothing of the supervisor's loop."""
        signal.set_wakeup_fd(-1)
        self.sock.close()
        if self.wake_r is not None:
            os.close(self.wake_r)

    @staticmethod
    def _drop(channels: dict) -> None:
        """Close this process's copies of the descriptors that came with a spawn (the child has its own)."""
        for handle in channels.values():
            if isinstance(handle, str) and handle.startswith("fd:"):
                try:
                    os.close(int(handle[3:]))
                except (OSError, ValueError):
                    pass

    def watch(self, call: Watch) -> bool:
        """Wait for the child; enforce wall time, memory and processes; report how it ended."""
        status = None
        try:
            while status is None:
                status, alive = self._look(call)
                if alive is False:
                    return False
        finally:
            if call.ready is not None:
                call.ready.close()
        strays = kill_all_below(self.me)
        self.send({"op": Op.ENDED, "id": call.call_id, "exit": status if status >= 0 else None,
                   "signal": -status if status < 0 else None, "reason": call.reason, "strays": strays,
                   "seconds": round(time.monotonic() - call.started, 3),
                   "cpu_seconds": round(CPU_USED.pop(call.pid, 0.0), 3), "memory_mb": round(call.peak, 1)})
        return True

    def _look(self, call: Watch):
        """One turn of the watch: (exit code or None, False if the judge is gone)."""
        batch = self.messages(POLL)
        if batch is None:  # the judge is gone: so is everything of ours
            kill_all_below(self.me)
            return None, False
        for message in batch:
            if message.get("op") == Op.KILL and message.get("id") == call.call_id and call.reason is None:
                call.reason = str(message.get("reason") or "judge")[:40]
                self._kill(call.pid)
            elif message.get("op") == Op.QUIT:
                kill_all_below(self.me)
                return None, False
        ended = reap()
        if call.pid in ended:
            return ended[call.pid], True
        if call.reason is None:
            call.reason = call.over(self.me)
            if call.reason is not None:
                self._kill(call.pid)
        return None, True

    @staticmethod
    def _kill(pid: int) -> None:
        proc = STARTED.get(pid)
        if proc is not None and not hasattr(os, "killpg"):  # Windows
            proc.kill()
            return
        for kill in (getattr(os, "killpg", None), os.kill):
            try:
                if kill is not None:
                    kill(pid, SIGKILL)
            except OSError:
                pass


def main() -> int:
    handle = os.environ.pop("KATA_SUPERVISOR", "")
    sock = transport.join(handle)
    os.environ.setdefault("MPLBACKEND", "Agg")
    prctl(PR_SET_CHILD_SUBREAPER, 1)  # whatever a learner process starts stays below us, so it can be killed
    prctl(PR_SET_DUMPABLE, 0)  # a learner process (same user) cannot read or trace this one
    die_with_parent()
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl+C is for the judge; we end when its channel closes
    supervisor = Supervisor(sock)
    supervisor.preimport(["kata.learner.child", "kata.learner.describe"])  # each child starts with them in memory
    modules = os.environ.pop("KATA_SUPERVISOR_IMPORT", "")
    if modules:
        supervisor.preimport([m for m in modules.split(",") if m])
    try:
        supervisor.serve()
    finally:
        kill_all_below(os.getpid())
    # nothing to save: skip the interpreter's teardown (with TensorFlow loaded, about a second)
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(0)


if __name__ == "__main__":
    sys.exit(main())
