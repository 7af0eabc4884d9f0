"""A notebook's kernel without TensorFlow's C++ log lines. TensorFlow writes them straight to the process's error
descriptor when the learner's cells import and use it; a kernel shows whatever is written there as a pink block.
From `import kata` on (the notebook's first cell), that descriptor goes through a filter that leaves out the
lines kata.shared.noise names (as the terminal's relay does) and passes everything else on, as it comes.
KATA_VERBOSE=1 keeps them; where descriptors cannot be redirected (Windows), nothing changes."""

from __future__ import annotations

import os
import select
import threading

from kata.shared.noise import NOISE

_started = False
WAIT = 0.2  # seconds a line without its end waits for it before it is passed on as it is


def quiet_kernel(fd: int = 2) -> bool:
    """Filter the error descriptor fd (True once it is filtered)."""
    global _started
    if _started or os.environ.get("KATA_VERBOSE") or os.name != "posix":
        return _started
    try:
        original = os.dup(fd)
        read, write = os.pipe()
        os.dup2(write, fd)
        os.close(write)
    except OSError:
        return False
    threading.Thread(target=_pass_on, args=(read, original), name="kata-quiet-stderr", daemon=True).start()
    _started = True
    return True


def kept(data: bytes) -> bytes:
    """The complete lines of data that are not TensorFlow's log lines."""
    return b"".join(line for line in data.splitlines(keepends=True) if not NOISE.match(line.rstrip(b"\r\n")))


def _pass_on(read: int, original: int) -> None:
    pending = b""
    while True:
        ready, _, _ = select.select([read], [], [], WAIT if pending else None)
        if not ready:  # a line without its end (a prompt, a progress bar): passed on as it is
            data, pending = pending, b""
        else:
            chunk = os.read(read, 1 << 16)
            if not chunk:
                break
            pending += chunk
            cut = pending.rfind(b"\n") + 1
            data, pending = pending[:cut], pending[cut:]
        shown = kept(data)
        if shown:
            try:
                os.write(original, shown)
            except OSError:
                pass
