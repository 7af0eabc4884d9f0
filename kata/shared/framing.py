"""How messages travel between the kata's processes: one JSON object per line, every line bounded.

    lines = Lines()                        # one per channel
    for message in lines.feed(data):      # whatever arrived; whole lines come out as dicts
        ...
    sock.sendall(dumps({"op": "ping"}))

Every channel (the judge's report, the supervisor's socket, a learner process's control socket, a forked
judge's exit line) uses this framing, and every file one process leaves for another is read with
`read_file`: a regular file (never a link, a FIFO or a device), within a size limit. What is not well
formed raises FramingError, which is a CodecError: the reader decides whose fault it is.
"""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

MAX_LINE = 16 * 1024 * 1024  # bytes in one message (messages are small: data travels in files)
MAX_JSON_FILE = 256 * 1024 * 1024  # bytes in a JSON file one process writes for another


class CodecError(ValueError):
    """What came from another process is not well-formed data, or breaks a limit."""


class FramingError(CodecError):
    """A message that is not one JSON object per line within the limits."""


def dumps(message: dict) -> bytes:
    """A message as one line of JSON."""
    return json.dumps(message, separators=(",", ":")).encode() + b"\n"


def parse(text: bytes | str, what: str = "message"):
    """JSON text as a value; FramingError for anything that is not (too deep, not JSON, not UTF-8)."""
    try:
        return json.loads(text)
    except RecursionError:
        raise FramingError(f"{what} nested too deeply") from None
    except (ValueError, UnicodeDecodeError):
        raise FramingError(f"{what} is not JSON") from None


def loads(line: bytes, need_op: bool = True) -> dict:
    """One line as a message (a dict with an "op", unless need_op=False)."""
    if len(line) > MAX_LINE:
        raise FramingError("message too long")
    message = parse(line)
    if type(message) is not dict or (need_op and type(message.get("op")) is not str):
        raise FramingError("not a message")
    return message


class Lines:
    """The whole lines of one channel, as messages. feed() keeps a partial line for the next call; a line over
    MAX_LINE raises FramingError (the channel is then of no further use)."""

    def __init__(self, need_op: bool = True, limit: int = MAX_LINE):
        self.buffer = b""
        self.need_op, self.limit = need_op, limit

    def feed(self, data: bytes) -> list[dict]:
        self.buffer += data
        out = []
        while b"\n" in self.buffer:
            line, self.buffer = self.buffer.split(b"\n", 1)
            if line.strip():
                out.append(loads(line, self.need_op))
        if len(self.buffer) > self.limit:
            self.buffer = b""
            raise FramingError("message too long")
        return out


def read_file(path, limit: int) -> bytes:
    """The bytes of a file another process left: a regular file reached without following a link, at most
    `limit` bytes. FramingError otherwise (missing, a link, a FIFO, a device, too large)."""
    name = Path(path).name
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
    except OSError:
        raise FramingError(f"{name} is missing or not a plain file") from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise FramingError(f"{name} is not a regular file")
        if info.st_size > limit:
            raise FramingError(f"{name} is too large ({info.st_size:,} bytes)")
        chunks, left = [], limit + 1
        while left > 0:
            chunk = os.read(fd, min(left, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
    finally:
        os.close(fd)
    data = b"".join(chunks)
    if len(data) > limit:
        raise FramingError(f"{name} is too large")
    return data


def write_json(path: Path, tree) -> None:
    """tree as compact JSON in a new file at path (never through a link that was there)."""
    data = json.dumps(tree, separators=(",", ":")).encode()
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o644)
    with os.fdopen(fd, "wb") as f:
        f.write(data)


def read_json(path: Path, limit: int = MAX_JSON_FILE):
    """The value of a JSON file another process left (read_file's checks, then parse's)."""
    return parse(read_file(path, limit), Path(path).name)
