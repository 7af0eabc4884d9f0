"""One call of the learner's code, followed to its end (the judge's side of a learner process).

    outcome = run_call(supervisor, spec, limits, on_event, relay)

The judge opens the call's two channels (control, output) and asks the supervisor to start a learner process
with them. While it runs, the judge reads three things and nothing else: its output (relayed to the learner's
terminal as it comes, capped), its control channel (events such as "model.fit was called", and its result),
and the supervisor's report of how the process ended (returned, raised, too slow, out of memory, killed ...).
"""

from __future__ import annotations

import selectors
import signal
import socket
import time
from dataclasses import dataclass, field
from pathlib import Path

from kata.judge.relay import Relay
from kata.judge.supervisors import START_TIMEOUT, Supervisor, SupervisorError
from kata.shared import framing, transport
from kata.shared.vocabulary import Op

JUDGE_GRACE = 20.0  # seconds past a call's wall limit before the judge stops waiting for the supervisor
DRAIN = 2.0  # seconds the output may still arrive after the process ended


@dataclass
class Outcome:
    """How a call ended: the result message (if any), how the process ended, what it printed."""

    result: dict | None = None
    ended: dict = field(default_factory=dict)
    relay: Relay | None = None
    stopped_by: BaseException | None = None  # what the judge's event handler raised (a Feedback)
    out_dir: Path | None = None
    seconds: float = 0.0


class _Follow:
    """The judge's watch over one running call: its channels, its deadline, how it ended."""

    def __init__(self, sup: Supervisor, call_id: int, limits: dict, on_event, relay: Relay, outcome: Outcome):
        self.sup, self.call_id, self.on_event, self.relay, self.outcome = sup, call_id, on_event, relay, outcome
        self.started = time.monotonic()
        self.deadline = self.started + float(limits.get("wall_seconds") or 3600) + JUDGE_GRACE
        self.selector = selectors.DefaultSelector()
        self.ctrl: socket.socket | None = None
        self.out: socket.socket | None = None
        self.lines = framing.Lines()
        self.killed = False
        self.ended_at: float | None = None

    def kill(self, reason: str) -> None:
        if not self.killed:
            self.killed = True
            try:
                self.sup.send({"op": Op.KILL, "id": self.call_id, "reason": reason})
            except SupervisorError:
                pass

    def attach(self, ctrl: transport.Opening, out: transport.Opening) -> None:
        """Watch the call's channels (joined at once with descriptors; on a loopback, once it connects)."""
        for name, opening in (("ctrl", ctrl), ("out", out)):
            if opening.listener is None:
                self._joined(name, opening.accept())
            else:
                self.selector.register(opening, selectors.EVENT_READ, name)
        self.selector.register(self.sup.sock, selectors.EVENT_READ, "sup")

    def _joined(self, name: str, sock: socket.socket | None) -> None:
        setattr(self, name, sock)
        if sock is not None:
            self.selector.register(sock, selectors.EVENT_READ, name)

    def _accept(self, key) -> bool:
        """A loopback opening became ready: take its connection (True when that was the event)."""
        if not isinstance(key.fileobj, transport.Opening):
            return False
        self.selector.unregister(key.fileobj)
        self._joined(key.data, key.fileobj.accept(timeout=5.0))
        return True

    def run(self) -> None:
        while not self._finished():
            if not self.outcome.ended and time.monotonic() > self.deadline:  # the supervisor itself stopped watching
                self.sup.kill()
                self.outcome.ended = {"reason": "time", "supervisor": "killed"}
            for key, _ in self.selector.select(timeout=0.5):
                if not self._accept(key):
                    getattr(self, f"_on_{key.data}")()
            if not self.outcome.ended:
                self.outcome.ended = self.sup.take(Op.ENDED, self.call_id) or {}
            if self.ended_at is None and self.outcome.ended:
                self.ended_at = time.monotonic()

    def _finished(self) -> bool:
        out_open = self.out is not None or any(k.data == "out" for k in self.selector.get_map().values())
        return self.ended_at is not None and (not out_open or time.monotonic() - self.ended_at > DRAIN)

    def _take(self, name: str) -> bytes | None:
        """What arrived on a channel ("ctrl" or "out"); None when there is nothing (a spurious wake-up) or it just
        ended (it is then closed and left out of the watch)."""
        sock = getattr(self, name)
        data = _recv(sock) if sock is not None else None
        if data == b"":
            self.selector.unregister(sock)
            sock.close()
            setattr(self, name, None)
            return None
        return data

    def _on_out(self) -> None:
        data = self._take("out")
        if data is not None:
            self.relay.feed(data)
            if self.relay.over:
                self.kill("output")

    def _on_ctrl(self) -> None:
        data = self._take("ctrl")
        if data is None:
            return
        try:
            messages = self.lines.feed(data)
        except framing.FramingError:
            self.kill("protocol")
            return
        for message in messages:
            self._from_child(message)

    def _on_sup(self) -> None:
        if not self.sup.read(0):
            self.selector.unregister(self.sup.sock)
            if not self.outcome.ended:
                self.outcome.ended = {"reason": "supervisor_died"}

    def _from_child(self, message: dict) -> None:
        op, outcome = message.get("op"), self.outcome
        if op == Op.RESULT and outcome.result is None:
            outcome.result = message
        elif op == Op.HARNESS_ERROR and outcome.result is None:
            outcome.result = {"status": "harness_error", "text": str(message.get("text"))[:500]}
        elif op == Op.EVENT and outcome.stopped_by is None:
            try:
                reply = self.on_event(str(message.get("name")), message.get("data") or {}) if self.on_event else None
            except BaseException as exc:  # noqa: BLE001 - a Feedback: the judge has seen enough
                outcome.stopped_by = exc
                self.kill("judge")
                return
            try:
                if self.ctrl is not None:
                    self.ctrl.sendall(framing.dumps({"op": Op.REPLY, **(reply or {"action": "go"})}))
            except OSError:
                pass

    def close(self) -> None:
        self.selector.close()
        self.relay.close()
        for end in (self.ctrl, self.out):
            if end is not None:
                end.close()


def _recv(sock: socket.socket) -> bytes | None:
    """What arrived (b"" at the end), or None after a spurious wake-up."""
    try:
        return sock.recv(1 << 16)
    except (BlockingIOError, InterruptedError):
        return None
    except OSError:
        return b""


def run_call(sup: Supervisor, spec: dict, limits: dict, on_event, relay: Relay) -> Outcome:
    """Start one learner process for spec (through the supervisor) and follow it to its end."""
    call_id = next(sup.ids)
    ctrl, out = transport.Opening(), transport.Opening()
    outcome = Outcome(relay=relay, out_dir=Path(spec["out_dir"]))
    follow = _Follow(sup, call_id, limits, on_event, relay, outcome)
    try:
        sup.send({"op": Op.SPAWN, "id": call_id, "spec": spec, "limits": limits}, {"ctrl": ctrl, "out": out})
        reply = sup.wait_for(Op.SPAWNED, START_TIMEOUT, call_id)
        if reply.get("op") == Op.ERROR:
            raise SupervisorError(str(reply.get("text"))[:500])
        follow.attach(ctrl, out)
        follow.run()
    finally:
        follow.close()
        ctrl.close()
        out.close()
    outcome.seconds = time.monotonic() - follow.started
    return outcome


def kill_signal_name(number) -> str:
    try:
        return signal.Signals(int(number)).name
    except (ValueError, TypeError):
        return str(number)
