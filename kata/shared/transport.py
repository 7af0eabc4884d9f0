"""How the kata's processes reach each other: one kind of channel (a socket), made one of two ways.

    opening = Opening()                       # the process that needs a channel opens it ...
    start_process(env={"KATA_REPORT": opening.handle}, pass_fds=opening.fds)
    sock = opening.accept()                   # ... and gets its end once the other process is there
    sock = join(os.environ["KATA_REPORT"])    # the other process, from the handle it was given

Where descriptors pass between processes (Linux, macOS), an opening is a socket pair and its handle names the
other end's descriptor (`fd:N`): handed over when the process starts (`pass_fds`) or with a message
(`send`, SCM_RIGHTS). Where they do not (Windows; KATA_PORTABLE=1 anywhere), an opening is a loopback listener
that accepts one connection, the one that brings its one-time token: the handle is `tcp:127.0.0.1:PORT:TOKEN`,
handed over in the environment or in a message, never on a command line. Every message on a channel is one
line of JSON (kata.shared.framing).
"""

from __future__ import annotations

import hmac
import os
import secrets
import socket
import sys
import threading
import time

from kata.shared import framing
from kata.shared.platform import portable

TOKEN_BYTES = 16
MAX_FDS = 16  # descriptors that may come with one read


class Opening:
    """A channel this process opens for another one (one connection). `handle` goes to the other process (with
    `fds`, the descriptors it must inherit, when it is started); `accept()` gives this side's socket."""

    def __init__(self):
        self.listener = self.ours = self.theirs = None
        self.fds: list[int] = []
        if portable():
            self.listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            self.listener.bind(("127.0.0.1", 0))
            self.listener.listen(4)
            self.token = secrets.token_hex(TOKEN_BYTES).encode()
            self.handle = f"tcp:127.0.0.1:{self.listener.getsockname()[1]}:{self.token.decode()}"
        else:
            self.ours, self.theirs = socket.socketpair()
            self.fds = [self.theirs.fileno()]
            self.handle = f"fd:{self.theirs.fileno()}"

    def fileno(self) -> int:  # a selector can wait for the other process to join
        return (self.listener or self.ours).fileno()

    def handed_over(self) -> None:
        """The other process has its end now (started with it, or sent it): close this process's copy of it."""
        if self.theirs is not None:
            self.theirs.close()
            self.theirs = None

    def accept(self, timeout: float | None = 60.0, alive=None) -> socket.socket | None:
        """This side's socket, once the other process joined (None when it did not within timeout, or alive()
        turned False). With descriptors it is there at once."""
        if self.ours is not None:
            self.handed_over()
            ours, self.ours = self.ours, None
            return ours
        if self.listener is None:
            return None
        deadline = None if timeout is None else time.monotonic() + timeout
        while True:  # at least one look, even with timeout=0
            if alive is not None and not alive():
                return None
            conn = self._one(0.5 if deadline is None else max(0.0, min(0.5, deadline - time.monotonic())))
            if conn is not None:
                self.close()
                return conn
            if deadline is not None and time.monotonic() >= deadline:
                return None

    def _one(self, wait: float) -> socket.socket | None:
        try:
            self.listener.settimeout(wait)
            conn, _ = self.listener.accept()
        except (socket.timeout, BlockingIOError, InterruptedError, OSError):
            return None
        if hmac.compare_digest(_read_token(conn), self.token):
            conn.settimeout(None)
            return conn
        conn.close()  # not the one it waits for
        return None

    def close(self) -> None:
        for end in (self.listener, self.ours, self.theirs):
            if end is not None:
                try:
                    end.close()
                except OSError:
                    pass
        self.listener = self.ours = self.theirs = None


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


def join(handle: str, timeout: float = 30.0) -> socket.socket:
    """The other end of an Opening, from its handle (OSError when it cannot be reached)."""
    kind, _, rest = str(handle).partition(":")
    if kind == "fd":
        return socket.socket(fileno=int(rest))
    if kind == "tcp":
        host, port, token = rest.rsplit(":", 2)
        sock = socket.create_connection((host, int(port)), timeout=timeout)
        sock.sendall(token.encode() + b"\n")
        sock.settimeout(None)
        return sock
    raise OSError(f"not a channel: {handle[:40]!r}")


def output_fd(handle: str) -> int:
    """A descriptor another process can write its output to (its stdout), that ends up in the channel `handle`:
    the channel's own socket where a socket can be a process's output; on Windows a pipe that a thread of this
    process copies into the channel."""
    sock = join(handle)
    if sys.platform != "win32":
        return sock.detach()
    read_end, write_end = os.pipe()
    threading.Thread(target=_copy, args=(read_end, sock), daemon=True).start()
    return write_end


def _copy(read_end: int, sock: socket.socket) -> None:
    try:
        while True:
            data = os.read(read_end, 1 << 16)
            if not data:
                break
            try:
                sock.sendall(data)
            except OSError:
                pass  # the other side stopped listening: drain the pipe all the same
    except OSError:
        pass
    finally:
        os.close(read_end)
        sock.close()


# --- messages that carry channels -------------------------------------------------------------------------

def send(sock: socket.socket, message: dict, channels: dict | None = None) -> None:
    """message, plus channels for the other process ({name: an Opening, or a socket of this process to lend}):
    with descriptors they travel with the message (SCM_RIGHTS), else as handles (an Opening only)."""
    channels = channels or {}
    if not channels:
        sock.sendall(framing.dumps(message))
        return
    if portable():
        if not all(isinstance(c, Opening) for c in channels.values()):
            raise OSError("a socket cannot be lent without descriptors")
        sock.sendall(framing.dumps({**message, "channels": {name: c.handle for name, c in channels.items()}}))
        return
    fds = [c.fds[0] if isinstance(c, Opening) else c.fileno() for c in channels.values()]
    names = {name: f"fd@{i}" for i, name in enumerate(channels)}
    socket.send_fds(sock, [framing.dumps({**message, "channels": names})], fds)
    for c in channels.values():
        if isinstance(c, Opening):
            c.handed_over()


class Inbox:
    """The messages arriving on one socket, with the descriptors that came with them: a message's
    `channels` ({name: "fd@i"}) become handles (`fd:N`) that join() opens."""

    def __init__(self, sock: socket.socket, need_op: bool = True):
        self.sock, self.lines = sock, framing.Lines(need_op)
        self.fds: list[int] = []

    def read(self, timeout: float | None = None) -> list[dict] | None:
        """What arrived within timeout (maybe nothing); None when the other side is gone."""
        self.sock.settimeout(timeout)
        try:
            if portable():
                data, fds = self.sock.recv(1 << 20), list[int]()
            else:
                data, fds, _, _ = socket.recv_fds(self.sock, 1 << 20, MAX_FDS)
        except (socket.timeout, BlockingIOError, InterruptedError):
            return []
        except OSError:
            return None
        finally:
            try:
                self.sock.settimeout(None)
            except OSError:
                pass
        self.fds.extend(fds)
        if not data:
            return None
        return [self._resolve(m) for m in self.lines.feed(data)]

    def _resolve(self, message: dict) -> dict:
        channels = message.get("channels")
        if not isinstance(channels, dict):
            return message
        handles = {}
        for name, value in channels.items():
            if isinstance(value, str) and value.startswith("fd@"):
                value = f"fd:{self.fds.pop(0)}" if self.fds else ""
            handles[str(name)] = str(value)
        return {**message, "channels": handles}
