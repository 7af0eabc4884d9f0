"""A judge started ahead: pytest and the kata's reference data loaded, waiting to check (kata.judge.judges).

    python -m kata.judge.spare                       (KATA_SPARE: its channel to the runner)
    python -m kata.judge.spare --fork [--import keras]

It imports pytest and the plugin, loads the reference data every step's checks use, says {"op": "ready"} and
waits. A {"op": "run", "argv", "env"} message, with the run's channels (report, live output, a lent
supervisor), makes it that run's judge: one run, then it ends. A re-check then costs the check itself, not
Python's and pytest's start-up and the data load.

With --fork (a class's batch) it stays: every run is judged by a process forked from it, so the copies of a
batch share one start-up, one Keras import and one load of the reference data. Each run also brings a `done`
channel, where the forked judge's pid ({"op": "started"}) and exit code ({"op": "exit"}) go, and a `log`
descriptor for its output. Only the judge's own code runs here: learners' code runs in their sandboxes.
"""

from __future__ import annotations

import argparse
import importlib
import os
import select
import signal
import sys

from kata.shared import framing, transport
from kata.shared.platform import die_with_parent
from kata.shared.vocabulary import Op

ENV_OF = {"report": "KATA_REPORT", "live": "KATA_LIVE", "supervisor": "KATA_SUPERVISOR"}


def preload() -> None:
    import pytest  # noqa: F401

    import kata.judge.plugin  # noqa: F401
    from kata.judge import oracle

    for make in (oracle.data, oracle.padded, oracle.word_index, oracle.reverse_word_index, oracle.known_digests):
        try:
            make()
        except Exception:  # the run that needs it reports the fault
            pass


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m kata.judge.spare")
    parser.add_argument("--fork", action="store_true", help="stay, and fork a judge for every order (a batch)")
    parser.add_argument("--import", dest="modules", default="", help="modules to import ahead (comma-separated)")
    args = parser.parse_args(argv)
    sock = transport.join(os.environ.pop("KATA_SPARE", ""))
    preload()
    for name in filter(None, args.modules.split(",")):
        try:
            importlib.import_module(name)
        except Exception:  # the check that needs it says why
            pass
    inbox = transport.Inbox(sock)
    try:
        sock.sendall(framing.dumps({"op": Op.READY}))
    except OSError:
        return 0
    if args.fork:
        return serve(sock, inbox)
    order = _next_order(inbox)
    if order is None:
        return 0  # not needed after all
    sock.close()
    _judge(order)
    return 0


def _next_order(inbox) -> dict | None:
    while True:
        try:
            messages = inbox.read(None)
        except (OSError, framing.FramingError):
            return None
        if messages is None:
            return None
        for message in messages:
            if message.get("op") == Op.RUN:
                return message


def _judge(order: dict, clear: bool = False):
    """Become the judge of one run: its environment (clear: only the order's), its channels, pytest."""
    env = dict(order.get("env") or {})
    for name, handle in (order.get("channels") or {}).items():
        if name in ENV_OF:
            env[ENV_OF[name]] = handle
    if clear:
        os.environ.clear()
    os.environ.update(env)
    if order.get("cwd"):
        os.chdir(order["cwd"])
    import pytest

    code = pytest.main(order["argv"])
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(int(code))


def serve(sock, inbox) -> int:
    """--fork: one judge per order, forked from this process, until the runner closes the channel."""
    wake_r, wake_w = os.pipe()
    os.set_blocking(wake_w, False)
    signal.signal(signal.SIGCHLD, lambda *_: None)
    signal.set_wakeup_fd(wake_w)
    running: dict = {}  # pid -> the channel where its exit code goes
    try:
        while True:
            readable, _, _ = select.select([sock, wake_r], [], [])
            if wake_r in readable:
                os.read(wake_r, 512)
                _reap(running)
            if sock in readable:
                messages = inbox.read(0)
                if messages is None:
                    break
                for order in messages:
                    if order.get("op") == Op.RUN:
                        _start(order, sock, running, (wake_r, wake_w))
    except (OSError, framing.FramingError):
        pass
    finally:
        for pid in running:  # the batch is over (or gone): so are its judges
            try:
                os.kill(pid, signal.SIGKILL)
            except OSError:
                pass
        while running:
            _reap(running, block=True)
    return 0


def _start(order: dict, sock, running: dict, wake) -> None:
    channels = order.get("channels") or {}
    done = transport.join(channels.pop("done"))
    log = int(channels.pop("log")[3:])
    pid = os.fork()
    if pid == 0:  # the judge of one copy
        try:
            signal.set_wakeup_fd(-1)
            signal.signal(signal.SIGCHLD, signal.SIG_DFL)
            for fd in (sock.fileno(), *wake, done.fileno(), *(s.fileno() for s in running.values())):
                os.close(fd)
            die_with_parent()  # dies with the batch's judge
            null = os.open(os.devnull, os.O_RDONLY)
            os.dup2(null, 0)
            os.dup2(log, 1)
            os.dup2(log, 2)
            os.close(null)
            os.close(log)
            _judge(order, clear=True)
        except BaseException:  # noqa: BLE001 - a judge that cannot start says so by its exit code
            os._exit(70)
    os.close(log)
    for handle in channels.values():  # the forked judge has its own copies
        if handle.startswith("fd:"):
            os.close(int(handle[3:]))
    try:
        done.sendall(framing.dumps({"op": Op.STARTED, "pid": pid}))
    except OSError:
        pass
    running[pid] = done


def _reap(running: dict, block: bool = False) -> None:
    while running:
        try:
            pid, status = os.waitpid(-1, 0 if block else os.WNOHANG)
        except ChildProcessError:
            running.clear()
            return
        if pid == 0:
            return
        channel = running.pop(pid, None)
        if channel is not None:
            try:
                channel.sendall(framing.dumps({"op": Op.EXIT, "code": os.waitstatus_to_exitcode(status)}))
            except OSError:
                pass
            channel.close()
        if block:
            return


if __name__ == "__main__":
    sys.exit(main())
