"""The judge's side of a learner process: start the supervisor, run one call, relay what it prints.

    session = Session.get()                       # one per judge process
    outcome = session.call(spec, limits, on_event)

A call is one fresh learner process (kata.learner.supervisor forks it). While it runs, the judge
reads three things and nothing else: the child's output (relayed to the learner's terminal as it
comes, capped), its control socket (events such as "model.fit was called", and its result), and the
supervisor's report of how the process ended (returned, raised, too slow, out of memory, killed ...).
"""

from __future__ import annotations

import atexit
import hashlib
import os
import re
import selectors
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path

from kata import cache, protocol
from kata.manifest import ROOT

JUDGE_GRACE = 20.0  # seconds past a call's wall limit before the judge stops waiting for the supervisor
START_TIMEOUT = 180.0  # seconds for the supervisor to start and import its libraries


class SupervisorError(RuntimeError):
    """The supervisor could not be started or stopped answering (a fault of the kata's side)."""


# --- what a learner process prints ----------------------------------------------------------------

_ANSI = re.compile(rb"\x1b\[[0-9;?]*[A-Za-z]")
# Lines TensorFlow prints on its own (C++ logs, CPU feature notes): not the learner's, shown with VERBOSE=1.
_NOISE = re.compile(rb"^(?:WARNING: All log messages before absl::InitializeLog|[IWEF]\d{4} \d\d:\d\d:\d\d\.\d+ +\d+ \S+:\d+\]"
                    rb"|.*oneDNN custom operations are on|.*This TensorFlow binary is optimized|.*To enable the following "
                    rb"instructions|.*Unable to register cu(?:DNN|FFT|BLAS) factory|.*computation placer already registered"
                    rb"|.*TF-TRT Warning|.*Could not find cuda drivers)")


class Relay:
    """A learner process's output: shown live (prefixed, up to `live_lines` lines), its tail kept, its size counted."""

    def __init__(self, live=None, prefix: bytes = "  │ ".encode(), live_lines: int = 300, tail_lines: int = 60,
                 max_bytes: int = 20_000_000, filter_noise: bool = True, color: bool = True):
        self.live, self.prefix, self.live_lines = live, prefix, live_lines
        self.tail = deque(maxlen=tail_lines)
        self.max_bytes, self.filter_noise, self.color = max_bytes, filter_noise, color
        self.bytes = self.lines = self.shown = self.hidden = 0
        self.partial = b""
        self.at_line_start = True
        self.over = False

    def feed(self, data: bytes) -> None:
        self.bytes += len(data)
        if self.bytes > self.max_bytes:
            self.over = True
        self.partial += data
        while b"\n" in self.partial:
            line, self.partial = self.partial.split(b"\n", 1)
            self._line(line, end=True)
        if b"\r" in self.partial and len(self.partial) < 4096:  # a progress bar: on a terminal, shown as it moves
            head, _, rest = self.partial.rpartition(b"\r")
            if self.color:
                self._show(head + b"\r", keep=False)
            self.partial = rest
        elif len(self.partial) >= 4096:
            self._line(self.partial, end=False)
            self.partial = b""

    def close(self) -> None:
        if self.partial:
            self._line(self.partial, end=True)
            self.partial = b""
        if self.live is not None and self.hidden:
            self._write(self.prefix + f"… {self.hidden:,} more lines not shown (the last ones follow) …\n".encode())
            for line in list(self.tail)[-10:]:
                self._write(self.prefix + line.encode() + b"\n")
        if self.live is not None and not self.at_line_start:
            self._write(b"\n")

    def _line(self, line: bytes, end: bool) -> None:
        clean = line.split(b"\r")[-1] if b"\r" in line else line
        if not self.color:  # not a terminal: the line as it ended, without the updates before it
            line = clean.replace(b"\b", b"")
        if self.filter_noise and _NOISE.match(_ANSI.sub(b"", clean)):
            return
        self.lines += 1
        text = _ANSI.sub(b"", clean).decode("utf-8", "replace").rstrip()
        self.tail.append(text[:500])
        self._show(line + (b"\n" if end else b""), keep=True)

    def _show(self, data: bytes, keep: bool) -> None:
        if self.live is None:
            return
        if self.shown >= self.live_lines:
            if keep:
                self.hidden += 1
            return
        if keep:
            self.shown += 1
        if not self.color:
            data = _ANSI.sub(b"", data)
        body = data.replace(b"\r", b"\r" + self.prefix)
        if self.at_line_start:
            body = self.prefix + body
        self._write(body)
        self.at_line_start = data.endswith(b"\n")

    def _write(self, data: bytes) -> None:
        try:
            self.live.write(data)
            self.live.flush()
        except (OSError, ValueError):
            self.live = None  # the terminal went away: the checks go on

    def text(self) -> str:
        return "\n".join(self.tail)


# --- the supervisor ---------------------------------------------------------------------------------

class Supervisor:
    """A running kata.learner.supervisor and the socket to it."""

    def __init__(self, sock: socket.socket, proc: subprocess.Popen | None = None, log: Path | None = None):
        from kata import channels

        self.sock, self.proc, self.log = sock, proc, log
        self.portable = channels.portable()
        self.buffer, self.fds, self.inbox, self.dead = b"", [], [], False
        self.imported: set[str] = set()
        self.ids = iter(range(1, 1 << 62))

    @classmethod
    def start(cls, env: dict | None = None, modules=(), command_prefix=(), log: Path | None = None) -> "Supervisor":
        from kata import channels

        full = child_env(env)
        offer = ours = theirs = None
        if channels.portable():  # no descriptors to pass (Windows): it connects to us
            offer = channels.Offer()
            cmd = [*command_prefix, sys.executable, "-m", "kata.learner.supervisor", "--connect", offer.address]
        else:
            ours, theirs = socket.socketpair()
            cmd = [*command_prefix, sys.executable, "-m", "kata.learner.supervisor", "--fd", str(theirs.fileno())]
        if modules:
            cmd += ["--import", ",".join(modules)]
        stderr = open(log, "ab") if log else subprocess.DEVNULL  # noqa: SIM115
        try:
            proc = subprocess.Popen(cmd, cwd=ROOT, env=full, stdin=subprocess.DEVNULL, stdout=stderr, stderr=stderr,
                                    pass_fds=[theirs.fileno()] if theirs else [], start_new_session=False)
        except OSError as exc:
            if offer:
                offer.close()
            raise SupervisorError(f"could not start the learner process ({exc})") from None
        finally:
            if theirs:
                theirs.close()
            if log:
                stderr.close()
        if offer:
            ours = offer.accept(timeout=START_TIMEOUT, alive=lambda: proc.poll() is None)
            offer.close()
            if ours is None:
                if proc.poll() is None:
                    proc.kill()
                proc.wait()
                raise SupervisorError("the learner process's supervisor did not start" + _tail_of(log))
        sup = cls(ours, proc, log)
        sup.imported.update(modules)
        return sup

    @classmethod
    def from_fd(cls, fd: int) -> "Supervisor":
        return cls(socket.socket(fileno=fd))

    def alive(self) -> bool:
        return not self.dead and (self.proc is None or self.proc.poll() is None)

    def send(self, message: dict) -> None:
        try:
            self.sock.sendall(protocol.dumps(message))
        except OSError as exc:
            self.dead = True
            raise SupervisorError(f"the learner process's supervisor is gone ({exc})") from None

    def read(self, timeout: float | None) -> bool:
        """Read what arrived within timeout into the inbox; False when the supervisor has gone."""
        self.sock.settimeout(timeout)
        try:
            if self.portable:  # Windows: no descriptors come with the messages
                data, fds = self.sock.recv(1 << 20), []
            else:
                data, fds, _, _ = socket.recv_fds(self.sock, 1 << 20, 4)
        except (socket.timeout, BlockingIOError):
            return True
        except OSError:
            self.dead = True
            return False
        finally:
            try:
                self.sock.settimeout(None)
            except OSError:
                pass
        self.fds.extend(fds)
        if not data:
            self.dead = True
            return False
        self.buffer += data
        while b"\n" in self.buffer:
            line, self.buffer = self.buffer.split(b"\n", 1)
            if line.strip():
                message = protocol.loads(line)
                if message.get("op") == "spawned":
                    message["fds"], self.fds = self.fds[:2], self.fds[2:]
                self.inbox.append(message)
        return True

    def take(self, op: str, call_id=None) -> dict | None:
        """The first message of the inbox for op (or an error), removed from it; None if there is none."""
        for i, message in enumerate(self.inbox):
            if message.get("op") in (op, "error") and (call_id is None or message.get("id") == call_id):
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
                raise SupervisorError("the learner process's supervisor ended unexpectedly" + self._log_tail())

    def ensure_imported(self, modules) -> None:
        """Ask the supervisor to import modules (without waiting: it imports them before the next spawn)."""
        wanted = [m for m in modules if m not in self.imported]
        if not wanted:
            return
        self.send({"op": "import", "modules": wanted})
        self.imported.update(wanted)

    def close(self) -> None:
        """Stop a supervisor this side started; one lent by the runner (no process here) stays for the next run."""
        if self.proc is not None:
            try:
                self.sock.sendall(protocol.dumps({"op": "quit"}))
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

    def _log_tail(self) -> str:
        return _tail_of(self.log)


def _tail_of(log: Path | None) -> str:
    """The last lines of a supervisor's log, after a colon (to end a message), or nothing when it has none."""
    if not log or not log.exists():
        return ""
    lines = [line for line in log.read_text(errors="replace").splitlines() if line.strip()][-3:]
    return (": " + " | ".join(lines))[:400] if lines else ""


def start_supervisor(env: dict | None = None, modules=(), log: Path | None = None, exchange: Path | None = None) -> Supervisor:
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
    inner = {**(env or {}), **box.env()}
    return Supervisor.start(env=inner, modules=modules, log=log, command_prefix=box.command(child_env(inner)))


def child_env(extra: dict | None = None) -> dict:
    """The environment of a learner process: the judge's, made repeatable and quiet."""
    env = {**os.environ, **(extra or {})}
    env["PYTHONHASHSEED"] = "0"  # the same set and dict orders on every run
    env["PYTHONDONTWRITEBYTECODE"] = "1"  # no __pycache__ among the learner's files
    env.setdefault("MPLBACKEND", "Agg")
    if not env.get("KATA_VERBOSE"):
        env.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    for name in ("KATA_SUPERVISOR_FD", "KATA_REPORT_FD", "KATA_LIVE_FD", "KATA_EXCHANGE_DIR", "KATA_REPORT_ADDR",
                 "KATA_LIVE_ADDR", "KATA_LIVE_TTY"):
        env.pop(name, None)
    return env


# --- one call ---------------------------------------------------------------------------------------

@dataclass
class Outcome:
    """How a call ended: the result message (if any), how the process ended, what it printed."""

    result: dict | None = None
    ended: dict = field(default_factory=dict)
    relay: Relay | None = None
    stopped_by: BaseException | None = None  # what the judge's event handler raised (a Feedback)
    out_dir: Path | None = None
    seconds: float = 0.0


def run_call(sup: Supervisor, spec: dict, limits: dict, on_event, relay: Relay) -> Outcome:
    """Spawn one learner process for spec and follow it to its end."""
    from kata import channels

    call_id = next(sup.ids)
    started = time.monotonic()
    offers = {}
    message = {"op": "spawn", "id": call_id, "spec": spec, "limits": limits}
    if channels.portable():  # no descriptors (Windows): the learner process and its output connect to us
        offers = {"ctrl": channels.Offer(), "out": channels.Offer()}
        message["connect"] = {name: offer.address for name, offer in offers.items()}
    try:
        sup.send(message)
        reply = sup.wait_for("spawned", START_TIMEOUT, call_id)
    except BaseException:
        for offer in offers.values():
            offer.close()
        raise
    if reply.get("op") == "error":
        for offer in offers.values():
            offer.close()
        raise SupervisorError(str(reply.get("text"))[:500])
    outcome = Outcome(relay=relay, out_dir=Path(spec["out_dir"]))
    selector = selectors.DefaultSelector()
    if offers:
        ctrl, out_fd = None, None  # until they connect
        for name, offer in offers.items():
            selector.register(offer, selectors.EVENT_READ, name + "-offer")
    else:
        ctrl_fd, out_fd = reply["fds"]
        ctrl = socket.socket(fileno=ctrl_fd)
        selector.register(ctrl, selectors.EVENT_READ, "ctrl")
        os.set_blocking(out_fd, False)
        selector.register(out_fd, selectors.EVENT_READ, "out")
    selector.register(sup.sock, selectors.EVENT_READ, "sup")
    ctrl_buffer, out_open, killed = b"", True, False
    deadline = started + float(limits.get("wall_seconds") or 3600) + JUDGE_GRACE
    ended_at = None

    def kill(reason):
        nonlocal killed
        if not killed:
            killed = True
            try:
                sup.send({"op": "kill", "id": call_id, "reason": reason})
            except SupervisorError:
                pass

    try:
        while True:
            if not outcome.ended and time.monotonic() > deadline:  # the supervisor itself stopped watching
                sup.kill()
                outcome.ended = {"reason": "time", "supervisor": "killed"}
            if ended_at is not None and (not out_open or time.monotonic() - ended_at > 2.0):
                break
            for key, _ in selector.select(timeout=0.5):
                if key.data.endswith("-offer"):
                    selector.unregister(key.fileobj)
                    conn = key.fileobj.accept(timeout=5.0)
                    if key.data == "ctrl-offer" and conn is not None:
                        ctrl = conn
                        selector.register(ctrl, selectors.EVENT_READ, "ctrl")
                    elif conn is not None:
                        out_fd = conn
                        selector.register(conn, selectors.EVENT_READ, "out")
                    elif key.data == "out-offer":
                        out_open = False
                    continue
                if key.data == "out":
                    try:
                        data = os.read(out_fd, 1 << 16) if isinstance(out_fd, int) else out_fd.recv(1 << 16)
                    except BlockingIOError:
                        continue
                    except OSError:
                        data = b""
                    if not data:
                        out_open = False
                        selector.unregister(out_fd)
                        continue
                    relay.feed(data)
                    if relay.over:
                        kill("output")
                elif key.data == "ctrl":
                    try:
                        data = ctrl.recv(1 << 20)
                    except OSError:
                        data = b""
                    if not data:
                        selector.unregister(ctrl)
                        continue
                    ctrl_buffer += data
                    if len(ctrl_buffer) > protocol.MAX_MESSAGE:
                        kill("protocol")
                        ctrl_buffer = b""
                    while b"\n" in ctrl_buffer:
                        line, ctrl_buffer = ctrl_buffer.split(b"\n", 1)
                        try:
                            message = protocol.loads(line)
                        except protocol.ProtocolError:
                            kill("protocol")
                            continue
                        _from_child(message, ctrl, outcome, on_event, kill)
                elif key.data == "sup":
                    if not sup.read(0):
                        selector.unregister(sup.sock)
                        if not outcome.ended:
                            outcome.ended = {"reason": "supervisor_died"}
            if not outcome.ended:
                outcome.ended = sup.take("ended", call_id) or {}
            if ended_at is None and outcome.ended:
                ended_at = time.monotonic()
    finally:
        selector.close()
        relay.close()
        for offer in offers.values():
            offer.close()
        if ctrl is not None:
            ctrl.close()
        try:
            if isinstance(out_fd, int):
                os.close(out_fd)
            elif out_fd is not None:
                out_fd.close()
        except OSError:
            pass
    outcome.seconds = time.monotonic() - started
    CALL_CPU.append(float(outcome.ended.get("cpu_seconds") or 0))
    return outcome


CALL_CPU: list[float] = []  # CPU seconds of each learner process this judge ran (for the speed figures)


def _from_child(message: dict, ctrl: socket.socket, outcome: Outcome, on_event, kill) -> None:
    op = message.get("op")
    if op == "result" and outcome.result is None:
        outcome.result = message
    elif op == "harness_error" and outcome.result is None:
        outcome.result = {"status": "harness_error", "text": str(message.get("text"))[:500]}
    elif op == "event" and outcome.stopped_by is None:
        try:
            reply = on_event(str(message.get("name")), message.get("data") or {}) if on_event else None
        except BaseException as exc:  # noqa: BLE001 - a Feedback: the judge has seen enough
            outcome.stopped_by = exc
            kill("judge")
            return
        try:
            ctrl.sendall(protocol.dumps({"op": "reply", **(reply or {"action": "go"})}))
        except OSError:
            pass


# --- the judge's session ----------------------------------------------------------------------------

_NAMED: dict[int, tuple[object, str]] = {}


_KNOWN: dict[str, tuple[object, str]] = {}  # digest -> (one of the judge's values, its name)


def know(value, name: str, digest: str) -> None:
    """A big value of the judge's (the reviews load_data gives): a learner process whose result equals it
    sends its digest instead of the data, and the judge uses its own copy."""
    _KNOWN[digest] = (value, name)


def known_digests() -> dict:
    return {digest: name for digest, (_, name) in _KNOWN.items()}


def known_value(digest):
    found = _KNOWN.get(digest)
    if found is None:
        raise protocol.ProtocolError("a value the judge does not know")
    return found[0]


def name_input(value, name: str):
    """Give one of the judge's own values (the reviews, the word index) a name that says what it is made
    from: it is then written for learner processes once per machine, not once per check run."""
    _NAMED[id(value)] = (value, name)
    return value


class Session:
    """Everything the judge keeps for its learner processes: the supervisor, the exchange folder, the
    inputs already written, where live output goes."""

    _current: "Session | None" = None

    def __init__(self):
        exchange = os.environ.get("KATA_EXCHANGE_DIR")  # the folder the runner shares with a sandboxed supervisor
        self.exchange = Path(exchange) if exchange and Path(exchange).is_dir() else None
        self.folder = Path(tempfile.mkdtemp(prefix="kata-judge-", dir=self.exchange))
        self.calls = self.folder / "calls"
        self.calls.mkdir()
        self.inputs_folder = cache.folder("exchange")
        self.known: dict[int, tuple[object, str]] = {}  # id(value) -> (value, input folder)
        self.supervisor: Supervisor | None = None
        self.others: dict[tuple, Supervisor] = {}  # supervisors with another environment (another data folder)
        self.private: Path | None = None  # their calls' folder: apart from the shared exchange (see new_call)
        self.live = _live_stream()
        self.count = 0
        atexit.register(self.close)

    @classmethod
    def get(cls) -> "Session":
        if cls._current is None:
            cls._current = Session()
        return cls._current

    def warm(self, modules) -> None:
        """Start the supervisor now and let it import what the coming calls need, while the judge gets ready."""
        try:
            self.supervisor_for(modules)
        except SupervisorError:
            pass  # said again, with the reason, at the first call

    def supervisor_for(self, modules=(), env: dict | None = None) -> Supervisor:
        if env:  # learner processes that must see another environment (step 14: data without test labels)
            key = tuple(sorted(env.items()))
            sup = self.others.get(key)
            if sup is None or not sup.alive():
                sup = self.others[key] = start_supervisor(env=env, log=self.folder / "supervisor-other.log",
                                                          exchange=self.private_folder())
            sup.ensure_imported(modules)
            return sup
        sup = self.supervisor
        if sup is None:
            fd = os.environ.pop("KATA_SUPERVISOR_FD", None)
            if fd:  # the supervisor that `make check` started beside this judge
                try:
                    sup = Supervisor.from_fd(int(fd))
                    sup.send({"op": "ping"})
                    sup.wait_for("pong", 30)
                except (OSError, ValueError, SupervisorError):
                    sup = None
        elif not sup.alive():
            sup.kill()
            sup = None
        if sup is None:
            sup = start_supervisor(log=self.folder / "supervisor.log", exchange=self.exchange or self.folder)
        self.supervisor = sup
        sup.ensure_imported(modules)
        return sup

    def private_folder(self) -> Path:
        """A folder for calls that must not see the other calls' files (step 14's learner processes: the
        shared exchange holds what earlier calls got and returned, test labels included)."""
        if self.private is None:
            self.private = Path(tempfile.mkdtemp(prefix="kata-private-"))
        return self.private

    def new_call(self, private: bool = False) -> tuple[Path, Path]:
        self.count += 1
        call_dir = (self.private_folder() / "calls" if private else self.calls) / f"c{self.count}"
        out_dir = call_dir / "out"
        out_dir.mkdir(parents=True)
        return call_dir, out_dir

    def input_folder(self, value) -> str:
        """A big input written once (content-addressed) where every learner process can read it."""
        known = self.known.get(id(value))
        if known is not None and known[0] is value:
            return known[1]
        named = _NAMED.get(id(value))
        if named is not None and named[0] is value:
            final = self.inputs_folder / named[1]
            if (final / "value.json").is_file():
                self.known[id(value)] = (value, str(final))
                return str(final)
        tmp = Path(tempfile.mkdtemp(prefix=".tmp-", dir=self.inputs_folder))
        try:
            tree = protocol.encode(value, protocol.Box(tmp))
            protocol.write_json(tmp / "value.json", tree)
            digest = hashlib.sha256()
            for path in sorted(tmp.iterdir()):
                digest.update(path.name.encode() + b"\0" + _file_digest(path).encode())
            final = self.inputs_folder / (named[1] if named is not None and named[0] is value else digest.hexdigest()[:32])
            if final.exists():
                shutil.rmtree(tmp, ignore_errors=True)
            else:
                try:
                    os.replace(tmp, final)
                except OSError:  # another judge wrote the same input at the same moment
                    shutil.rmtree(tmp, ignore_errors=True)
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise
        self.known[id(value)] = (value, str(final))
        return str(final)

    def close(self) -> None:
        for other in self.others.values():
            other.close()
        self.others.clear()
        if self.supervisor is not None:
            self.supervisor.close()
            self.supervisor = None
        shutil.rmtree(self.folder, ignore_errors=True)
        if self.private is not None:
            shutil.rmtree(self.private, ignore_errors=True)
        if Session._current is self:
            Session._current = None


def _file_digest(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _live_stream():
    """Where learner processes' output goes as it comes: KATA_LIVE_FD (the runner's terminal), or nowhere."""
    fd = os.environ.get("KATA_LIVE_FD")
    if not fd and os.environ.get("KATA_LIVE_ADDR"):  # no descriptors here (Windows): the runner's loopback offer
        from kata import channels

        try:
            return channels.connect(os.environ.pop("KATA_LIVE_ADDR")).makefile("wb")  # buffered: whole writes, flushed
        except OSError:
            return None
    if not fd:
        return None
    try:
        return os.fdopen(int(fd), "wb", buffering=0, closefd=False)
    except (OSError, ValueError):
        return None


def kill_signal_name(number) -> str:
    try:
        return signal.Signals(int(number)).name
    except (ValueError, TypeError):
        return str(number)
