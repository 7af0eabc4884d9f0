"""Run the checks (the judge: pytest with kata.judge.plugin) in a process of their own and read its report.

The judge reports over a pipe it inherits (no file path a learner process could find), check by check.
The runner also starts the learner processes' supervisor and hands it to the judge, and passes its own
terminal for the learner's live output. A step counts only when every check collected for it reported;
when the judge dies or hangs (the kata's own side: learner code never runs in it), the step reads
"could not be checked" and, when asked (`resume=True`, for grading), the remaining steps still run.
"""

from __future__ import annotations

import json
import os
import selectors
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from kata.manifest import ROOT, Step, step_of_file, steps, time_limit

ORDER = ("unchecked", "broken", "timeout", "crashed", "wrong", "not_started")  # the worst failure names the state
GRACE = 60.0  # seconds past a check's own limits before the runner stops a judge that no longer answers
CALLS_PER_CHECK = 3  # a check may run the learner's code a few times, each within the step's limit


@dataclass
class StepResult:
    step: Step
    tests: list = field(default_factory=list)
    state: str = "unknown"  # done | not_started | wrong | crashed | broken | timeout | unchecked | unknown
    expected: int = 0  # how many checks were collected for it
    seen: dict = field(default_factory=dict)  # what the learner's code produced, to show once the step is done

    @property
    def failures(self):
        return [t for t in self.tests if t["outcome"] == "failed"]

    @property
    def first_failure(self):
        for t in self.failures:
            if t["kind"] == self.state:
                return t
        return self.failures[0] if self.failures else None

    @property
    def passed(self) -> int:
        return sum(t["outcome"] == "passed" for t in self.tests)

    @property
    def complete(self) -> bool:
        """Every check collected for the step reported (a step cut short is never done)."""
        return bool(self.tests) and len(self.tests) >= self.expected


@dataclass
class Report:
    results: dict  # step number -> StepResult
    output: str = ""

    def __iter__(self):
        return iter(self.results.values())

    def first_not_done(self):
        for r in self:
            if r.state != "done":
                return r
        return None

    def done(self) -> int:
        return sum(r.state == "done" for r in self)


def _state(r: StepResult) -> str:
    if not r.tests:
        return "unknown"
    kinds = {t.get("kind") for t in r.tests if t["outcome"] == "failed"}
    for kind in ORDER:
        if kind in kinds:
            return kind
    return "done" if r.complete else "unchecked"


def run(target="exercises", only: list[Step] | None = None, stop=False, overrides=(), resume=False,
        extra_tests=None, env=None, root: Path = ROOT, outer_timeout=None, live=None, supervisor=None, spare=None,
        exchange: Path | None = None) -> Report:
    """Check the given steps (all by default) of `target` and return a Report.

    live: a binary stream for the learner's output as it comes (a terminal), or None to keep it out of sight.
    supervisor: a running kata.judge.client.Supervisor to lend the judge (make watch keeps one warm).
    spare: a Spare judge to use for the first judge process (make watch keeps one ready).
    exchange: the folder where the judge and the (sandboxed) supervisor pass data (with supervisor)."""
    import shutil

    own_exchange = None
    if exchange is None:
        exchange = own_exchange = Path(tempfile.mkdtemp(prefix="kata-exchange-"))
    try:
        return _run(target, only, stop, overrides, resume, extra_tests, env, root, outer_timeout, live, supervisor, spare,
                    exchange)
    finally:
        if own_exchange is not None:
            shutil.rmtree(own_exchange, ignore_errors=True)


def _run(target, only, stop, overrides, resume, extra_tests, env, root, outer_timeout, live, supervisor, spare,
         exchange) -> Report:
    wanted = list(only or steps())
    results = {s.number: StepResult(s) for s in wanted}
    output = []
    todo = wanted
    while todo:
        events, out, code, killed = _judge(todo, target, stop, overrides, extra_tests, env, root, outer_timeout, live,
                                           supervisor, spare, exchange)
        spare = None  # used (or not ready): a second judge, after a fault, starts afresh
        output.append(out)
        running, finished = None, False
        for e in events:
            kind = e.get("event")
            if kind == "collected":  # this run's checks per step (a second run after a fault counts afresh)
                counts: dict[int, int] = {}
                for t in e.get("tests", []):
                    if t.get("step") in results:
                        counts[t["step"]] = counts.get(t["step"], 0) + 1
                for number, count in counts.items():
                    results[number].expected = len(results[number].tests) + count
            elif kind == "running":
                running = e
            elif kind == "test":
                running = None
                if e.get("step") in results:
                    results[e["step"]].tests.append(e)
            elif kind == "seen":
                if e.get("step") in results and isinstance(e.get("values"), dict):
                    results[e["step"]].seen.update(e["values"])
            elif kind == "finished":
                finished = True
        if finished:
            break
        # the judge died or was stopped: the kata's side failed, not the learner's code
        why = _why(code, killed, out)
        died = results.get((running or {}).get("step")) if running else None
        if died is None:  # between two checks: the first step whose checks are not all in
            died = next((r for r in results.values() if r.step in todo and (not r.tests or len(r.tests) < r.expected)), None)
        if died is None:
            if code not in (0, 1):
                for s in todo:
                    if not results[s.number].tests:
                        _unchecked(results[s.number], why, None)
                        break
            break
        _unchecked(died, why, running)
        if stop or not resume:
            break
        todo = [s for s in todo if s.number > died.step.number]
    for r in results.values():
        r.state = _state(r)
    return Report(results, "\n".join(output))


def _why(code, killed, out) -> str:
    if killed:
        return f"the kata's checking process stopped answering and was stopped after {killed:.0f} s"
    tail = [line for line in out.strip().splitlines() if line.strip()][-2:]
    detail = f" ({' | '.join(tail)[:300]})" if tail else ""
    return f"the kata's checking process ended unexpectedly (exit code {code}){detail}"


def _unchecked(r: StepResult, why: str, running) -> None:
    from kata.judge.feedback import KataFault

    fb = KataFault(why)
    name = (running or {}).get("nodeid", "").split("::")[-1] or "checks"
    r.tests.append({"event": "test", "step": r.step.number, "name": name, "nodeid": (running or {}).get("nodeid", ""),
                    "doc": "", "duration": None, "outcome": "failed", **fb.as_dict()})
    r.expected = max(r.expected, len(r.tests) + 1)  # never complete: its other checks did not run


def _said_ready(sock: socket.socket, proc: subprocess.Popen, timeout: float) -> bool:
    """Whether a judge started ahead says it has loaded everything (waiting up to timeout seconds)."""
    if proc.poll() is not None:
        return False
    sock.settimeout(timeout)
    try:
        return sock.recv(16).startswith(b"ready")
    except (OSError, TimeoutError):
        return False
    finally:
        sock.settimeout(None)


class Spare:
    """A judge started ahead (kata.judge.spare): Python, pytest and the reference data loaded, waiting."""

    def __init__(self, env=None, root: Path = ROOT):
        import socket

        self.folder = Path(tempfile.mkdtemp(prefix="kata-spare-"))
        self.log = self.folder / "output.txt"
        self.sock, theirs = socket.socketpair()
        with open(self.log, "w", encoding="utf-8") as sink:
            self.proc = subprocess.Popen([sys.executable, "-m", "kata.judge.spare", "--fd", str(theirs.fileno())], cwd=root,
                                         env=_judge_env(env, root), stdout=sink, stderr=subprocess.STDOUT,
                                         stdin=subprocess.DEVNULL, pass_fds=[theirs.fileno()])
        theirs.close()
        self.waiting = False

    def ready(self, timeout: float = 0.0) -> bool:
        """True once the spare has loaded everything (waiting up to timeout seconds for it)."""
        self.waiting = self.waiting or _said_ready(self.sock, self.proc, timeout)
        return self.waiting

    def go(self, argv: list, env: dict, fds: dict) -> subprocess.Popen:
        import socket

        order = {"argv": argv, "env": env, "fds_as": list(fds)}
        socket.send_fds(self.sock, [json.dumps(order).encode()], list(fds.values()))
        self.sock.close()
        return self.proc

    def close(self) -> None:
        try:
            self.sock.close()
        except OSError:
            pass
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        import shutil

        shutil.rmtree(self.folder, ignore_errors=True)


class Judges:
    """A judge that stays for a whole batch (kata.judge.spare --fork): Python, pytest, Keras and the reference
    data loaded once; each copy's judge is forked from it (`spare(env)` gives the handle one run uses).
    Where it cannot start or has died, each run starts its own judge as usual (time, not results)."""

    def __init__(self, env=None, root: Path = ROOT, modules=("keras",)):
        import threading

        self.folder = Path(tempfile.mkdtemp(prefix="kata-judges-"))
        self.root, self.lock, self.waiting, self.waited = root, threading.Lock(), False, False
        self.sock, theirs = socket.socketpair()
        with open(self.folder / "output.txt", "w", encoding="utf-8") as sink:
            self.proc = subprocess.Popen([sys.executable, "-m", "kata.judge.spare", "--fd", str(theirs.fileno()), "--fork",
                                          "--import", ",".join(modules)], cwd=root, env=_judge_env(env, root), stdout=sink,
                                         stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, pass_fds=[theirs.fileno()])
        theirs.close()

    def ready(self, timeout: float = 0.0) -> bool:
        """True while it is there to fork judges. Only the first run waits for it (up to timeout seconds): one
        that never got ready costs that wait once, not once per copy."""
        with self.lock:
            if not self.waiting:
                self.waiting = _said_ready(self.sock, self.proc, 0.0 if self.waited else timeout)
                self.waited = True
            return self.waiting and self.proc.poll() is None

    def spare(self, env=None) -> "ForkedSpare":
        return ForkedSpare(self, env)

    def fork(self, order: dict, fds: list[int]) -> "Forked":
        """Send one run's order; the judge forked for it (OSError when the batch's judge is not there)."""
        ours, theirs = socket.socketpair()
        try:
            with self.lock:
                socket.send_fds(self.sock, [json.dumps(order).encode()], [theirs.fileno(), *fds])
        finally:
            theirs.close()
        ours.settimeout(30)
        try:
            line = ours.recv(64)
        except (OSError, TimeoutError) as exc:
            ours.close()
            raise OSError("the batch's judge did not answer") from exc
        if not line.startswith(b"pid "):
            ours.close()
            raise OSError("the batch's judge did not start a judge")
        return Forked(int(line.split()[1]), ours, line.split(b"\n", 1)[1])

    def close(self) -> None:
        try:
            self.sock.close()  # it kills the judges still running, then ends
        except OSError:
            pass
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        import shutil

        shutil.rmtree(self.folder, ignore_errors=True)


class ForkedSpare:
    """What one run gets from Judges: Spare's interface (ready, go, log, close), its judge forked."""

    def __init__(self, judges: Judges, env=None):
        self.judges, self.env = judges, env
        self.folder = Path(tempfile.mkdtemp(prefix="kata-spare-"))
        self.log = self.folder / "output.txt"

    def ready(self, timeout: float = 0.0) -> bool:
        return self.judges.ready(max(timeout, 120.0))  # the batch's first run waits while it loads (beside its supervisor)

    def go(self, argv: list, env: dict, fds: dict) -> "Forked":
        full = {**_judge_env(self.env, self.judges.root), **env}
        with open(self.log, "w", encoding="utf-8") as sink:
            return self.judges.fork({"argv": argv, "env": full, "fds_as": list(fds), "cwd": str(self.judges.root)},
                                    [sink.fileno(), *fds.values()])

    def close(self) -> None:
        import shutil

        shutil.rmtree(self.folder, ignore_errors=True)


class Forked:
    """A judge forked by Judges, seen like a subprocess.Popen (poll, wait, kill, returncode)."""

    def __init__(self, pid: int, channel: socket.socket, buffer: bytes = b""):
        self.pid, self.channel, self.buffer, self.returncode = pid, channel, buffer, None

    def _read(self, timeout) -> None:
        while self.returncode is None and b"\n" not in self.buffer:
            self.channel.settimeout(timeout)
            try:
                data = self.channel.recv(64)
            except (BlockingIOError, TimeoutError):
                return
            except OSError:
                data = b""
            if not data:  # the batch's judge is gone: so is this judge (it dies with it)
                self.returncode = -9
                return
            self.buffer += data
        if self.returncode is None:
            line = self.buffer.split(b"\n", 1)[0]
            self.returncode = int(line.split()[1]) if line.startswith(b"exit ") else -9
        self.channel.close()

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
        if self.poll() is None:
            try:
                os.kill(self.pid, signal.SIGKILL)
            except OSError:
                pass


def _judge_env(env, root: Path) -> dict:
    full_env = {**os.environ, "TF_CPP_MIN_LOG_LEVEL": os.environ.get("TF_CPP_MIN_LOG_LEVEL", "3"),
                "PYTHONDONTWRITEBYTECODE": "1",
                # only the plugins a check needs (each installed plugin costs start-up time); nothing else
                "PYTEST_DISABLE_PLUGIN_AUTOLOAD": "1", **(env or {})}
    full_env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(root), full_env.get("PYTHONPATH")]))
    for name in ("KATA_SUPERVISOR_FD", "KATA_LIVE_FD", "KATA_REPORT_FD", "KATA_EXCHANGE_DIR", "KATA_REPORT_ADDR",
                 "KATA_LIVE_ADDR", "KATA_LIVE_TTY"):
        full_env.pop(name, None)
    return full_env


def _judge(todo, target, stop, overrides, extra_tests, env, root, outer_timeout, live, supervisor, spare, exchange):
    """Run the judge on todo; returns (report events, its own output, exit code, seconds if killed)."""
    from kata.judge.client import SupervisorError, start_supervisor

    files = [str(s.test(root)) for s in todo]
    if extra_tests:  # an instructor's hidden checks, for the steps still to run
        wanted = {s.number for s in todo}
        files += [str(p) for p in extra_tests if getattr(step_of_file(p), "number", None) in wanted]
    argv = [*files, "-p", "kata.judge.plugin", "--kata-target", str(target), "--kata-fast-exit", "-q", "--no-header",
            "-p", "no:cacheprovider", "-p", "no:unraisableexception", "--assert=plain", "--rootdir", str(root),
            "-c", str(root / "pyproject.toml")]
    if stop:
        argv.append("--kata-stop")
    for o in overrides:
        argv += ["--kata-override", o]
    from kata import channels

    portable = channels.portable()
    offers, fds, addresses = {}, {}, {}
    read_end = write_end = None
    if portable:  # no descriptors to pass (Windows): the judge connects to loopback offers instead
        offers["report"] = channels.Offer()
        addresses["KATA_REPORT_ADDR"] = offers["report"].address
    else:
        read_end, write_end = os.pipe()
        fds["KATA_REPORT_FD"] = write_end
    own_sup = None
    sup = supervisor
    if sup is None and not _anything_started(todo, target, overrides):
        sup = False  # every file is an untouched stub: no learner process will run
    if portable:
        sup = False  # a supervisor cannot be lent without descriptors: the judge starts its own
        spare = None  # nor can a spare judge be handed its run's descriptors
    if sup is None:
        try:
            sup = own_sup = start_supervisor(env=env, exchange=exchange)
        except SupervisorError:
            sup = None  # the judge starts one itself (and says so if it cannot)
    if sup and sup.alive():
        fds["KATA_SUPERVISOR_FD"] = sup.sock.fileno()
    live_fd = None
    if live is not None and portable:
        offers["live"] = channels.Offer()
        addresses["KATA_LIVE_ADDR"] = offers["live"].address
        try:
            addresses["KATA_LIVE_TTY"] = "1" if os.isatty(live.fileno()) else "0"  # colours, as on a descriptor
        except (OSError, ValueError, AttributeError):
            pass
    elif live is not None:
        try:
            live.flush()
            live_fd = os.dup(live.fileno())
            fds["KATA_LIVE_FD"] = live_fd
        except (OSError, ValueError, AttributeError):
            live_fd = None
    with tempfile.TemporaryDirectory(prefix="kata-") as tmp:
        log = Path(tmp) / "output.txt"
        try:
            proc = None
            if spare is not None and spare.ready():
                try:
                    proc = spare.go(argv, {"KATA_EXCHANGE_DIR": str(exchange)}, fds)
                    log = spare.log
                except OSError:  # it could not take this run after all: a judge of its own
                    proc = None
            if proc is None:
                full_env = {**_judge_env(env, root), **{name: str(fd) for name, fd in fds.items()}, **addresses,
                            "KATA_EXCHANGE_DIR": str(exchange)}
                with open(log, "w", encoding="utf-8") as sink:
                    proc = subprocess.Popen([sys.executable, "-m", "pytest", *argv], cwd=root, env=full_env, stdout=sink,
                                            stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, pass_fds=list(fds.values()))
        finally:
            if write_end is not None:
                os.close(write_end)
            if live_fd is not None:
                os.close(live_fd)
        try:
            events, code, killed = _follow(proc, read_end if not portable else offers["report"], env, outer_timeout,
                                           offers.get("live"), live)
        except BaseException:
            proc.kill()
            proc.wait()
            raise
        finally:
            if read_end is not None:
                os.close(read_end)
            for offer in offers.values():
                offer.close()
            if own_sup is not None:
                own_sup.close()
        return events, log.read_text(encoding="utf-8", errors="replace"), code, killed


def _anything_started(todo, target, overrides) -> bool:
    """False when every step's file is the untouched stub (nothing of the learner's will run)."""
    from kata.judge.checking import Learner, target_folder

    if overrides:
        return True
    folder = target_folder(str(target))
    return any(not Learner(s, folder).untouched() for s in todo)


def _follow(proc, report, env, outer_timeout, live_offer=None, live=None):
    """Read the judge's report as it comes; stop the judge when a check outlives every limit it has.

    report: the report pipe's read end, or (no descriptors: Windows) the Offer the judge connects to;
    live_offer: where the judge (no descriptors) sends the learner's output, copied to live as it comes."""
    from kata.manifest import step as step_of

    events, buffer, running = [], b"", None
    start = time.monotonic()
    selector = selectors.DefaultSelector()
    selector.register(report, selectors.EVENT_READ, "report-offer" if hasattr(report, "accept") else "report")
    if live_offer is not None:
        selector.register(live_offer, selectors.EVENT_READ, "live-offer")
    open_ = True

    def read(source) -> bytes | None:
        try:
            return os.read(source, 1 << 16) if isinstance(source, int) else source.recv(1 << 16)
        except (BlockingIOError, InterruptedError):
            return None  # nothing after all (a spurious wake-up): not the end
        except OSError:
            return b""

    try:
        while open_:
            for key, _ in selector.select(timeout=0.5):
                if key.data.endswith("-offer"):  # the judge connects: read from the connection from now on
                    selector.unregister(key.fileobj)
                    conn = key.fileobj.accept(timeout=5.0)
                    if conn is not None:
                        selector.register(conn, selectors.EVENT_READ, key.data[:-len("-offer")])
                    elif key.data == "report-offer":
                        open_ = False
                        break
                    continue
                data = read(key.fileobj)
                if data is None:
                    continue
                if key.data == "live":
                    if not data:
                        selector.unregister(key.fileobj)
                        key.fileobj.close()
                        continue
                    try:
                        live.write(data)
                        live.flush()
                    except (OSError, ValueError, AttributeError):
                        pass
                    continue
                if not data:
                    open_ = False
                    break
                buffer += data
                while b"\n" in buffer:
                    line, buffer = buffer.split(b"\n", 1)
                    try:
                        event = json.loads(line)
                    except ValueError:
                        continue
                    if isinstance(event, dict):
                        events.append(event)
                        running = (event, time.monotonic()) if event.get("event") == "running" else None \
                            if event.get("event") == "test" else running
            if not open_:
                break
            now = time.monotonic()
            limit = None
            if running and running[0].get("step"):
                limit = CALLS_PER_CHECK * time_limit(step_of(running[0]["step"]), env) + GRACE
            if (limit is not None and now - running[1] > limit) or (outer_timeout and now - start > outer_timeout):
                proc.kill()
                proc.wait()
                return events, -9, now - (running[1] if running else start)
            if proc.poll() is not None and not selector.select(timeout=0.5):
                break
    finally:
        for key in list(selector.get_map().values()):
            if isinstance(key.fileobj, socket.socket):
                key.fileobj.close()
        selector.close()
    return events, proc.wait(), None
