"""What this operating system offers the kata's processes: fork, prctl, /proc (or psutil), descriptors.

Every "does this system have ...?" question is answered here once, so that the judge and the learner
process ask it the same way (KATA_NO_FORK=1 and KATA_PORTABLE=1 force the paths of other systems).
"""

from __future__ import annotations

import ctypes
import os
import signal
import socket
import sys

from kata.shared import settings

HAS_PROC = os.path.isdir("/proc/self")
SIGKILL = getattr(signal, "SIGKILL", signal.SIGTERM)  # Windows: os.kill with SIGTERM terminates the process
PR_SET_PDEATHSIG, PR_SET_DUMPABLE, PR_SET_CHILD_SUBREAPER = 1, 4, 36

try:  # memory and processes where there is no /proc (macOS, Windows)
    import psutil
except ImportError:  # pragma: no cover - a dependency of the kata; only a broken install lacks it
    psutil = None


def prctl(option: int, value: int) -> bool:
    """Linux's prctl(2); False where it is not available."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return libc.prctl(option, value, 0, 0, 0) == 0
    except (OSError, AttributeError):
        return False


def die_with_parent() -> bool:
    """This process is killed when its parent ends (Linux)."""
    return prctl(PR_SET_PDEATHSIG, SIGKILL)


def use_fork() -> bool:
    """Fork a preloaded child per call (Linux, the default), or start a fresh process (no fork: KATA_NO_FORK=1,
    macOS, where fork is unsafe once TensorFlow is loaded, and Windows)."""
    if settings.flag("KATA_NO_FORK"):
        return False
    return hasattr(os, "fork") and sys.platform.startswith("linux")


def portable() -> bool:
    """True where the kata's channels are loopback connections, not passed descriptors (Windows, or KATA_PORTABLE=1)."""
    if settings.flag("KATA_PORTABLE"):
        return True
    return sys.platform == "win32" or not hasattr(socket, "send_fds")
