"""The learner process without fork (Windows; macOS, where fork is unsafe once TensorFlow is loaded; or
KATA_NO_FORK=1 to try it on Linux): each call is a freshly started Python that imports what the supervisor
imported, says it is ready, then becomes the learner process like a forked child (kata.learner.isolation).

    python -m kata.learner.fresh '{"spec": ..., "limits": ..., "modules": [...]}'
    environment: KATA_CALL_CTRL (the control channel's handle), KATA_CALL_READY (where it says "ready")

Its call's wall time counts from "ready" (at most START_ALLOWANCE seconds of imports are not counted).
"""

from __future__ import annotations

import importlib
import json
import os
import subprocess
import sys
import time

from kata.shared import transport

START_ALLOWANCE = 15.0  # seconds a freshly started learner process may spend importing before its wall time counts


class Ready:
    """The supervisor's wait for a fresh learner process's "ready" (its imports done): when its wall time starts."""

    def __init__(self, opening: transport.Opening, started: float):
        self.opening, self.started, self.sock, self.done = opening, started, None, False

    def clock(self) -> float:
        """When the call's wall time starts (now, while it is still importing)."""
        if self.done:
            return self.since
        now = time.monotonic()
        if self.sock is None:
            self.sock = self.opening.accept(timeout=0)
        said = False
        if self.sock is not None:
            self.sock.setblocking(False)
            try:
                said = bool(self.sock.recv(16))
            except (BlockingIOError, InterruptedError):
                said = False
            except OSError:
                said = True  # gone: its time runs anyway
        if said or now - self.started >= START_ALLOWANCE:
            self.done, self.since = True, min(now, self.started + START_ALLOWANCE)
            self.close()
            return self.since
        return now  # importing: the clock does not run yet

    def close(self) -> None:
        if self.sock is not None:
            self.sock.close()
            self.sock = None
        self.opening.close()


def start(spec: dict, limits: dict, ctrl_handle: str, out_fd: int, modules: list, started_table: dict):
    """Start a fresh learner process (in the supervisor). Returns its pid and its Ready."""
    ready = transport.Opening()
    env = {**os.environ, "KATA_CALL_CTRL": ctrl_handle, "KATA_CALL_READY": ready.handle}
    inherited = [*ready.fds, *([int(ctrl_handle[3:])] if ctrl_handle.startswith("fd:") else [])]
    order = json.dumps({"spec": spec, "limits": limits, "modules": modules})
    try:
        proc = subprocess.Popen([sys.executable, "-m", "kata.learner.fresh", order], stdin=subprocess.DEVNULL,
                                stdout=out_fd, stderr=out_fd, env=env, pass_fds=inherited,
                                creationflags=getattr(subprocess, "CREATE_NEW_PROCESS_GROUP", 0),
                                start_new_session=hasattr(os, "setsid"))
    except BaseException:
        ready.close()
        raise
    ready.handed_over()
    started_table[proc.pid] = proc
    return proc.pid, Ready(ready, time.monotonic())


def main(argv=None) -> None:
    """In the fresh process: import, say "ready", become the learner process. Never returns."""
    from kata.learner import isolation
    from kata.learner.memo import MEMO

    order = json.loads((argv or sys.argv[1:])[0])
    ctrl_handle = os.environ.pop("KATA_CALL_CTRL", "")
    ready_handle = os.environ.pop("KATA_CALL_READY", "")
    os.environ.setdefault("MPLBACKEND", "Agg")
    for name in ["kata.learner.child", "kata.learner.describe", *order.get("modules", [])]:
        try:
            importlib.import_module(name)
        except BaseException:  # noqa: BLE001 - the supervisor reported it; the call will meet it again
            pass
    if "matplotlib" in sys.modules:
        try:
            sys.modules["matplotlib"].use("Agg")
        except Exception:
            pass
    try:
        with transport.join(ready_handle, timeout=5) as sock:
            sock.sendall(b"1")
    except OSError:
        pass
    isolation.become_learner(order["spec"], order["limits"], ctrl_handle, 1, MEMO)


if __name__ == "__main__":
    main()
