"""A spare judge: pytest and the kata's reference data loaded ahead, waiting to check (`make watch`).

    python -m kata.judge.spare --fd N
    python -m kata.judge.spare --fd N --fork [--import keras]

It imports pytest and the plugin, loads the reference data every step's checks use, and waits. When
the runner sends `{"argv": [...], "env": {...}}` with the run's descriptors (its report pipe, the
supervisor, the terminal) on the socket, it becomes that run's judge: one run, then it ends. A re-check
then costs the check itself, not Python's and pytest's start-up and the data load.

With --fork (a class's batch) it stays: every order is run by a judge forked from it, so the copies of a
batch share one start-up, one Keras import and one load of the reference data. Each order's first
descriptor is a socket where it writes `pid N`, then `exit CODE` when that judge ends; the second is the
judge's output file. Only the judge's own code runs in it: learners' code runs in their sandboxes.
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import select
import signal
import socket
import sys


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
    parser.add_argument("--fd", type=int, required=True)
    parser.add_argument("--fork", action="store_true", help="stay, and fork a judge for every order (a batch)")
    parser.add_argument("--import", dest="modules", default="", help="modules to import ahead (comma-separated)")
    args = parser.parse_args(argv)
    sock = socket.socket(fileno=args.fd)
    preload()
    for name in filter(None, args.modules.split(",")):
        try:
            importlib.import_module(name)
        except Exception:  # the check that needs it says why
            pass
    if args.fork:
        return serve(sock)
    try:
        sock.sendall(b"ready\n")
        data, fds, _, _ = socket.recv_fds(sock, 1 << 20, 8)
    except OSError:
        return 0
    if not data:
        return 0  # not needed after all
    sock.close()
    _judge(json.loads(data), fds)


def _judge(order: dict, fds: list, clear: bool = False):
    """Become the judge of one run: its environment (clear: only the order's), its descriptors, pytest."""
    env = dict(order.get("env") or {})
    for name, number in zip(order.get("fds_as") or [], fds):  # each descriptor under the variable that names it
        env[name] = str(number)
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


def serve(sock) -> int:
    """--fork: one judge per order, forked from this process, until the runner closes the socket."""
    wake_r, wake_w = os.pipe()
    os.set_blocking(wake_w, False)
    signal.signal(signal.SIGCHLD, lambda *_: None)
    signal.set_wakeup_fd(wake_w)
    running: dict[int, socket.socket] = {}  # pid -> where its exit code goes
    try:
        sock.sendall(b"ready\n")
        while True:
            readable, _, _ = select.select([sock, wake_r], [], [])
            if wake_r in readable:
                os.read(wake_r, 512)
                _reap(running)
            if sock in readable:
                try:
                    data, fds, _, _ = socket.recv_fds(sock, 1 << 20, 16)
                except InterruptedError:
                    continue
                if not data:
                    break
                _start(json.loads(data), fds, sock, running, (wake_r, wake_w))
    except OSError:
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


def _start(order: dict, fds: list, sock, running: dict, wake) -> None:
    done, log, own = fds[0], fds[1], fds[2:]
    pid = os.fork()
    if pid == 0:  # the judge of one copy
        try:
            signal.set_wakeup_fd(-1)
            signal.signal(signal.SIGCHLD, signal.SIG_DFL)
            for fd in (sock.fileno(), *wake, done, *(s.fileno() for s in running.values())):
                os.close(fd)
            from kata.learner.supervisor import _PR_SET_PDEATHSIG, prctl

            prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)  # dies with the batch's judge
            null = os.open(os.devnull, os.O_RDONLY)
            os.dup2(null, 0)
            os.dup2(log, 1)
            os.dup2(log, 2)
            os.close(null)
            os.close(log)
            _judge(order, own, clear=True)
        except BaseException:  # noqa: BLE001 - a judge that cannot start says so by its exit code
            os._exit(70)
    for fd in (log, *own):
        os.close(fd)
    channel = socket.socket(fileno=done)
    try:
        channel.sendall(f"pid {pid}\n".encode())
    except OSError:
        pass
    running[pid] = channel


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
                channel.sendall(f"exit {os.waitstatus_to_exitcode(status)}\n".encode())
            except OSError:
                pass
            channel.close()
        if block:
            return


if __name__ == "__main__":
    sys.exit(main())
