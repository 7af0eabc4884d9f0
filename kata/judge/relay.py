"""What a learner process prints, on its way to the learner's terminal: shown live (prefixed, capped), its
tail kept for messages, its size counted (a call that prints too much is stopped), TensorFlow's own log
lines left out (VERBOSE=1 shows them)."""

from __future__ import annotations

import re
from collections import deque

from kata.shared.noise import NOISE

_ANSI = re.compile(rb"\x1b\[[0-9;?]*[A-Za-z]")


class Relay:
    """A learner process's output: shown live (prefixed, up to `live_lines` lines), its tail kept, its size counted."""

    def __init__(self, live=None, prefix: bytes = "  │ ".encode(), live_lines: int = 300, tail_lines: int = 60,
                 max_bytes: int = 20_000_000, filter_noise: bool = True, color: bool = True):
        self.live, self.prefix, self.live_lines = live, prefix, live_lines
        self.tail: deque[str] = deque(maxlen=tail_lines)
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
        if self.filter_noise and NOISE.match(_ANSI.sub(b"", clean)):
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
