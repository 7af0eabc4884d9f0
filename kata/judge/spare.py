"""A spare judge: pytest and the kata's reference data loaded ahead, waiting to check (`make watch`).

    python -m kata.judge.spare --fd N

It imports pytest and the plugin, loads the reference data every step's checks use, and waits. When
the runner sends `{"argv": [...], "env": {...}}` with the run's descriptors (its report pipe, the
supervisor, the terminal) on the socket, it becomes that run's judge: one run, then it ends. A re-check
then costs the check itself, not Python's and pytest's start-up and the data load.
"""

from __future__ import annotations

import argparse
import json
import os
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
    args = parser.parse_args(argv)
    sock = socket.socket(fileno=args.fd)
    preload()
    try:
        sock.sendall(b"ready\n")
        data, fds, _, _ = socket.recv_fds(sock, 1 << 20, 8)
    except OSError:
        return 0
    if not data:
        return 0  # not needed after all
    order = json.loads(data)
    env = order.get("env") or {}
    for name, number in zip(order.get("fds_as") or [], fds):  # each descriptor under the variable that names it
        env[name] = str(number)
    os.environ.update(env)
    sock.close()
    import pytest

    code = pytest.main(order["argv"])
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(int(code))


if __name__ == "__main__":
    sys.exit(main())
