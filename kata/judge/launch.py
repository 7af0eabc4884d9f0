"""One judge process (pytest with kata.judge.plugin) for some steps: started with its channels, its report read
as it comes, stopped when a check outlives every limit it has.

The judge reports over a channel it is handed (no file path a learner process could find); the learner's
output comes back over a second one and goes to the terminal; a supervisor of learner processes that the
runner keeps warm (`make watch`) is lent to it where descriptors pass.
"""

from __future__ import annotations

import os
import selectors
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from kata.judge.kept import PRINTED_LIMIT  # what is kept of a step's output (the terminal gets all of it)
from kata.manifest import step as step_of
from kata.manifest import step_of_file, time_limit
from kata.shared import framing, transport
from kata.shared.platform import portable
from kata.shared.vocabulary import Event

GRACE = 60.0  # seconds past a check's own limits before the runner stops a judge that no longer answers
CALLS_PER_CHECK = 3  # a check may run the learner's code a few times, each within the step's limit


@dataclass
class Run:
    """What one judge run gave: its report's events, its own output, its exit code, seconds if it was killed."""

    events: list
    output: str
    code: int | None
    killed: float | None
    printed: dict  # step number -> what was shown on the learner's terminal while its checks ran


class Channels:
    """A run's channels to its judge: the report, the learner's live output (with a terminal), the lent supervisor."""

    NAMES = {"report": "KATA_REPORT", "live": "KATA_LIVE", "supervisor": "KATA_SUPERVISOR"}

    def __init__(self, live, supervisor):
        self.openings = {"report": transport.Opening()}
        if live is not None:
            self.openings["live"] = transport.Opening()
        self.lent = supervisor if supervisor and supervisor.alive() and not portable() else None
        self.tty = _is_tty(live)

    def all(self) -> dict:
        """{name: an Opening or the lent supervisor's socket}, for transport.send."""
        return {**self.openings, **({"supervisor": self.lent.sock} if self.lent else {})}

    def env(self) -> dict:
        """The judge's environment for a judge started here (handles; descriptors go with pass_fds)."""
        env = {self.NAMES[name]: opening.handle for name, opening in self.openings.items()}
        if self.lent:
            env["KATA_SUPERVISOR"] = f"fd:{self.lent.sock.fileno()}"
        return {**env, "KATA_LIVE_TTY": "1" if self.tty else "0"}

    def fds(self) -> list[int]:
        return [fd for o in self.openings.values() for fd in o.fds] + ([self.lent.sock.fileno()] if self.lent else [])

    def handed_over(self) -> None:
        for opening in self.openings.values():
            opening.handed_over()

    def close(self) -> None:
        for opening in self.openings.values():
            opening.close()


def _is_tty(stream) -> bool:
    try:
        return stream is not None and os.isatty(stream.fileno())
    except (OSError, ValueError, AttributeError):
        return False


def judge_argv(todo, target, stop, overrides, extra_tests, root: Path, keep=False) -> list[str]:
    files = [str(s.test(root)) for s in todo]
    if extra_tests:  # an instructor's hidden checks, for the steps still to run
        wanted = {s.number for s in todo}
        files += [str(p) for p in extra_tests if getattr(step_of_file(p), "number", None) in wanted]
    argv = [*files, "-p", "kata.judge.plugin", "--kata-target", str(target), "--kata-fast-exit", "-q", "--no-header",
            "-p", "no:cacheprovider", "-p", "no:unraisableexception", "--assert=plain", "--rootdir", str(root),
            "-c", str(root / "pyproject.toml")]
    if stop:
        argv.append("--kata-stop")
    if keep:
        argv.append("--kata-keep")
    for o in overrides:
        argv += ["--kata-override", o]
    return argv


def start(argv, env, root: Path, channels: Channels, exchange: Path, spare, log: Path):
    """The judge process: the spare's (forked or waiting) when it is ready, else a new one. (process, log file)"""
    from kata.judge.judges import judge_env

    if spare is not None and spare.ready():
        try:
            return spare.go(argv, {"KATA_EXCHANGE_DIR": str(exchange)}, channels.all()), spare.log
        except OSError:  # it could not take this run after all: a judge of its own
            pass
    full_env = {**judge_env(env, root), **channels.env(), "KATA_EXCHANGE_DIR": str(exchange)}
    with open(log, "w", encoding="utf-8") as sink:
        proc = subprocess.Popen([sys.executable, "-m", "pytest", *argv], cwd=root, env=full_env, stdout=sink,
                                stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, pass_fds=channels.fds())
    return proc, log


def judge_run(todo, target, stop, overrides, extra_tests, env, root, outer_timeout, live, supervisor, spare,
              exchange, keep=False) -> Run:
    """Run the judge on todo (its own supervisor started here unless one is lent or nothing will run)."""
    from kata.judge.supervisors import SupervisorError, start_supervisor

    own_sup = None
    if supervisor is None and not portable() and _anything_started(todo, target, overrides):
        try:
            supervisor = own_sup = start_supervisor(env=env, exchange=exchange)
        except SupervisorError:
            supervisor = None  # the judge starts one itself (and says so if it cannot)
    channels = Channels(live, supervisor)
    try:
        with tempfile.TemporaryDirectory(prefix="kata-") as tmp:
            proc, log = start(judge_argv(todo, target, stop, overrides, extra_tests, root, keep), env, root, channels,
                              exchange, spare, Path(tmp) / "output.txt")
            channels.handed_over()
            follow = Follow(proc, channels, env, outer_timeout, live)
            try:
                events, code, killed = follow.run()
            except BaseException:
                proc.kill()
                proc.wait()
                raise
            return Run(events, log.read_text(encoding="utf-8", errors="replace"), code, killed, follow.shown())
    finally:
        channels.close()
        if own_sup is not None:
            own_sup.close()


def _anything_started(todo, target, overrides) -> bool:
    """False when every step's file is the untouched stub (nothing of the learner's will run)."""
    from kata.judge.checking import Learner, target_folder

    if overrides:
        return True
    folder = target_folder(str(target))
    return any(not Learner(s, folder).untouched() for s in todo)


class Follow:
    """The runner's watch over a judge: its report read as it comes, the learner's output copied to the terminal,
    the judge stopped when a check outlives every limit it has (or the whole run its outer limit)."""

    def __init__(self, proc, channels: Channels, env, outer_timeout, live):
        self.proc, self.env, self.outer_timeout, self.live = proc, env, outer_timeout, live
        self.events: list[dict] = []
        self.lines = framing.Lines(need_op=False)
        self.running: tuple[dict, float] | None = None
        self.step: int | None = None  # the step whose checks run (or ran last): what the terminal shows is its
        self.printed: dict[int, bytearray] = {}
        self.start = time.monotonic()
        self.selector = selectors.DefaultSelector()
        for name, opening in channels.openings.items():
            self.selector.register(opening, selectors.EVENT_READ, ("open", name))
        self.report_open = True

    def run(self):
        try:
            while self.report_open:
                for key, _ in self.selector.select(timeout=0.5):
                    self._event(key)
                if not self.report_open:
                    break
                killed = self._over()
                if killed is not None:
                    self.proc.kill()
                    self.proc.wait()
                    return self.events, -9, killed
                if self.proc.poll() is not None and not self.selector.select(timeout=0.5):
                    break
        finally:
            for key in list(self.selector.get_map().values()):
                if not isinstance(key.fileobj, transport.Opening):
                    key.fileobj.close()
            self.selector.close()
        return self.events, self.proc.wait(), None

    def _event(self, key) -> None:
        kind, name = key.data
        if kind == "open":  # the judge joined: read from its connection from now on
            self.selector.unregister(key.fileobj)
            sock = key.fileobj.accept(timeout=5.0)
            if sock is not None:
                self.selector.register(sock, selectors.EVENT_READ, ("read", name))
            elif name == "report":
                self.report_open = False
            return
        try:
            data = key.fileobj.recv(1 << 16)
        except (BlockingIOError, InterruptedError):
            return  # nothing after all (a spurious wake-up): not the end
        except OSError:
            data = b""
        if name == "live":
            self._live(key, data)
        elif not data:
            self.report_open = False
        else:
            self._report(data)

    def _live(self, key, data: bytes) -> None:
        if not data:
            self.selector.unregister(key.fileobj)
            key.fileobj.close()
            return
        if self.step is not None:
            kept = self.printed.setdefault(self.step, bytearray())
            kept += data[: max(0, PRINTED_LIMIT - len(kept))]
        try:
            self.live.write(data)
            self.live.flush()
        except (OSError, ValueError, AttributeError):
            pass

    def shown(self) -> dict[int, str]:
        """What the terminal was shown, step by step (each cut to PRINTED_LIMIT bytes)."""
        return {step: bytes(data).decode("utf-8", errors="replace") for step, data in self.printed.items()}

    def _report(self, data: bytes) -> None:
        try:
            events = self.lines.feed(data)
        except framing.FramingError:  # not the judge's report any more: what came so far stands
            self.report_open = False
            return
        for event in events:
            self.events.append(event)
            if event.get("event") == Event.RUNNING:
                self.running = (event, time.monotonic())
                self.step = event.get("step") if isinstance(event.get("step"), int) else self.step
            elif event.get("event") == Event.TEST:
                self.running = None

    def _over(self) -> float | None:
        """Seconds the judge has been stuck, when it is over its limits; else None."""
        now = time.monotonic()
        if self.running and self.running[0].get("step"):
            limit = CALLS_PER_CHECK * time_limit(step_of(self.running[0]["step"]), self.env) + GRACE
            if now - self.running[1] > limit:
                return now - self.running[1]
        if self.outer_timeout and now - self.start > self.outer_timeout:
            return now - (self.running[1] if self.running else self.start)
        return None
