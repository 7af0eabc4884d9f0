"""How the kata's processes reach each other.

Where the system passes descriptors to a child (Linux, macOS), the runner, the judge, the supervisor and
the learner processes talk over inherited pipes and socket pairs. Windows cannot pass descriptors
(`pass_fds`, `socket.send_fds`) nor wait on pipes (`select`), so there every channel is a loopback
connection instead: one side offers it (a listener on 127.0.0.1 that accepts one connection, and only
with the one-time token it made), the other side is told its address ("127.0.0.1:port:token") and
connects. KATA_PORTABLE=1 takes this path anywhere (the self-tests use it on Linux).
"""

from __future__ import annotations

import hmac
import os
import secrets
import socket
import sys
import time

TOKEN_BYTES = 16


def portable() -> bool:
    """True where channels are loopback connections (Windows, or KATA_PORTABLE=1)."""
    if os.environ.get("KATA_PORTABLE", "") not in ("", "0"):
        return True
    return sys.platform == "win32" or not hasattr(socket, "send_fds")


class Offer:
    """A loopback listener for one connection. `address` goes to the other process; `accept()` gives
    the connection that brought the token (others are closed), then the listener closes."""

    def __init__(self):
        self.listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen(4)
        self.token = secrets.token_hex(TOKEN_BYTES).encode()
        port = self.listener.getsockname()[1]
        self.address = f"127.0.0.1:{port}:{self.token.decode()}"

    def fileno(self) -> int:  # a selector can wait for the connection
        return self.listener.fileno()

    def accept(self, timeout: float | None = 60.0, alive=None) -> socket.socket | None:
        """The connection with the token, or None when none came within timeout (or alive() turned False)."""
        deadline = None if timeout is None else time.monotonic() + timeout
        while True:  # at least one look, even with timeout=0
            if alive is not None and not alive():
                return None
            wait = 0.5 if deadline is None else max(0.0, min(0.5, deadline - time.monotonic()))
            try:
                self.listener.settimeout(wait)
                conn, _ = self.listener.accept()
            except (socket.timeout, BlockingIOError, InterruptedError):
                conn = None
            except OSError:
                return None
            if conn is not None:
                if hmac.compare_digest(_read_token(conn), self.token):
                    conn.settimeout(None)
                    self.close()
                    return conn
                conn.close()
            if deadline is not None and time.monotonic() >= deadline:
                return None

    def close(self) -> None:
        try:
            self.listener.close()
        except OSError:
            pass


def _read_token(conn: socket.socket) -> bytes:
    wanted, got = 2 * TOKEN_BYTES + 1, b""
    conn.settimeout(5.0)
    try:
        while len(got) < wanted:
            data = conn.recv(wanted - len(got))  # never more than the token: what follows is the channel's
            if not data:
                break
            got += data
    except OSError:
        return b""
    return got[:-1] if got.endswith(b"\n") else b""


def connect(address: str, timeout: float = 30.0) -> socket.socket:
    """The other end of an Offer, from its address."""
    host, port, token = address.rsplit(":", 2)
    sock = socket.create_connection((host, int(port)), timeout=timeout)
    sock.sendall(token.encode() + b"\n")
    sock.settimeout(None)
    return sock
