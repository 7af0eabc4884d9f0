"""A child of the supervisor becoming a learner process: before any learner code runs, it is contained, limited
and stripped of everything but its call.

- **Its own PID namespace** (Linux, where user namespaces are allowed: as for bubblewrap): the call runs as
  PID 2 under an init of the kata's (PID 1) in a namespace of its own. It cannot see, signal, stop or trace
  the supervisor or anything outside; every process it starts, orphans and double-forked daemons included,
  lives in that namespace, and the kernel kills them all when its init ends. The supervisor counts and
  measures every process below it (kata.learner.supervisor).
- **Limits** (rlimits): CPU time, file size, address space where asked, core dumps off, processes.
- **Nothing inherited** but its output (stdout and stderr: the judge's output channel) and its control
  channel (descriptor 3); stdin is /dev/null; a session of its own; it dies with its parent.
Where a step is not available (macOS, Windows, a kernel without user namespaces) it is skipped and the
supervisor's watch (time, memory, processes, every process below it killed at the end) is what holds.
"""

from __future__ import annotations

import ctypes
import os
import signal
import socket
import sys
import time

from kata.shared import framing, transport
from kata.shared.platform import PR_SET_DUMPABLE, die_with_parent, prctl

try:
    import resource
except ImportError:  # Windows: no rlimits (the wall time is still watched)
    resource = None

CLONE_NEWUSER, CLONE_NEWPID, CLONE_NEWNS = 0x10000000, 0x20000000, 0x00020000
MS_REC, MS_PRIVATE = 16384, 1 << 18


def become_learner(spec: dict, limits: dict, ctrl_handle: str, out_fd: int, memo) -> None:
    """In the child (forked, or freshly started): contain, limit, then run the call. Never returns."""
    ctrl = None
    try:
        _own_session()
        _stdio(out_fd)
        contained(limits)  # returns in the learner process only
        ctrl = _control(ctrl_handle)
        _limit(limits)
        _default_signals()
        from kata.learner import child

        child.run(spec, ctrl, memo)
    except BaseException as exc:  # the harness itself failed: say so, never fall back into the supervisor's loop
        try:
            if ctrl is None:
                ctrl = transport.join(ctrl_handle)
            ctrl.sendall(framing.dumps({"op": "harness_error", "text": f"{type(exc).__name__}: {exc}"[:500]}))
        except Exception:
            pass
    finally:
        os._exit(70)


def _own_session() -> None:
    if hasattr(os, "setsid"):
        try:  # its own session: a Ctrl+C in the terminal is the judge's business, and its group is killed at once
            os.setsid()
        except OSError:  # already a session leader (started with start_new_session)
            pass
    die_with_parent()
    prctl(PR_SET_DUMPABLE, 1)  # the supervisor (not dumpable) may read its memory figures


def _stdio(out_fd: int) -> None:
    null = os.open(os.devnull, os.O_RDONLY)
    os.dup2(null, 0)
    os.close(null)
    if out_fd != 1:
        os.dup2(out_fd, 1)
    if out_fd != 2:
        os.dup2(out_fd, 2)
    if out_fd > 2:
        os.close(out_fd)


def _control(handle: str) -> socket.socket:
    """The control channel as descriptor 3, every other descriptor above 2 closed (the supervisor's among them)."""
    ctrl = transport.join(handle)
    if os.name == "posix":
        if ctrl.fileno() != 3:
            os.dup2(ctrl.fileno(), 3)
            ctrl.close()
            ctrl = socket.socket(fileno=3)
        os.closerange(4, _max_fd())
    return ctrl


def _default_signals() -> None:
    for name in ("SIGTERM", "SIGHUP", "SIGUSR1", "SIGUSR2", "SIGCHLD"):
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.default_int_handler)
    if hasattr(signal, "SIGXFSZ"):
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a file over the size limit: an OSError, not a kill
    sys.stdin = open(os.devnull)  # noqa: SIM115
    sys.stdout = os.fdopen(1, "w", buffering=1, encoding="utf-8", errors="replace", closefd=False)
    sys.stderr = os.fdopen(2, "w", buffering=1, encoding="utf-8", errors="replace", closefd=False)


# --- a PID namespace of its own ---------------------------------------------------------------------------

def _unshare() -> bool:
    """A new user, PID and mount namespace for this process's children (Linux; False where it is not allowed)."""
    if not sys.platform.startswith("linux"):
        return False
    uid, gid = os.getuid(), os.getgid()
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        if libc.unshare(CLONE_NEWUSER | CLONE_NEWPID | CLONE_NEWNS) != 0:
            return False
    except (OSError, AttributeError):
        return False
    for name, text in (("setgroups", "deny"), ("uid_map", f"{uid} {uid} 1\n"), ("gid_map", f"{gid} {gid} 1\n")):
        try:  # the same user inside (where the sandbox's dropped capabilities allow it: else "nobody", same rights)
            with open(f"/proc/self/{name}", "w") as f:
                f.write(text)
        except OSError:
            pass
    return True


def contained(limits: dict) -> bool:
    """Put the call in a PID namespace of its own: this process stays outside and waits, an init of the kata's is
    PID 1 inside, and the call itself (PID 2) returns from here. False (nothing changed) where it is not possible."""
    if limits.get("contain") is False or not _unshare():
        return False
    report_r, report_w = os.pipe()
    init = os.fork()
    if init == 0:
        os.close(report_r)
        _init(report_w)  # returns in the call's process only
        return True
    os.close(report_w)
    _mirror(init, report_r)  # never returns


def _own_proc() -> None:
    """/proc showing only the call's namespace (where the system lets a namespace mount its own: not inside
    bubblewrap, whose /proc already shows only the sandbox). Mounts stay private to the call."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        if libc.mount(b"none", b"/", None, MS_REC | MS_PRIVATE, None) == 0:
            libc.mount(b"proc", b"/proc", b"proc", 0, None)
    except (OSError, AttributeError):
        pass


def _init(report_w: int) -> None:
    """PID 1 of the call's namespace: starts the call, reaps what is re-parented to it, and when the call ends
    reports how and ends too (the kernel then kills everything else in the namespace)."""
    die_with_parent()
    _own_proc()
    call = os.fork()
    if call == 0:
        os.close(report_w)
        die_with_parent()
        return
    for number in range(1, signal.NSIG):  # nothing but SIGKILL (from outside) ends it before the call ends
        if number not in (signal.SIGKILL, signal.SIGSTOP, signal.SIGCHLD):
            try:
                signal.signal(number, signal.SIG_IGN)
            except (OSError, ValueError):
                pass
    while True:
        try:
            pid, status = os.waitpid(-1, 0)
        except ChildProcessError:
            os._exit(70)
        except InterruptedError:
            continue
        if pid == call:
            os.write(report_w, f"{status}\n".encode())
            os._exit(0)


def _mirror(init: int, report_r: int) -> None:
    """Outside the namespace: wait for its init, then end the way the call ended (an exit code, or the signal
    that killed it), so that the supervisor hears of the call as if it were its own child."""
    data = b""
    while True:
        try:
            chunk = os.read(report_r, 64)
        except InterruptedError:
            continue
        if not chunk:
            break
        data += chunk
    _, init_status = os.waitpid(init, 0)
    try:
        status = int(data.strip())
    except ValueError:
        status = init_status  # init itself was killed: end as it did
    if os.WIFSIGNALED(status):
        sig = os.WTERMSIG(status)
        signal.signal(sig, signal.SIG_DFL)
        os.kill(os.getpid(), sig)
        time.sleep(1)
        os._exit(128 + sig)
    os._exit(os.WEXITSTATUS(status) if os.WIFEXITED(status) else 70)


# --- limits -----------------------------------------------------------------------------------------------

def _max_fd() -> int:
    if resource is None:
        return 4096
    try:
        return min(resource.getrlimit(resource.RLIMIT_NOFILE)[0], 65536)
    except (ValueError, OSError):
        return 4096


def _set_limit(kind, soft, hard=None) -> None:
    try:
        _, current_hard = resource.getrlimit(kind)
        hard = soft if hard is None else hard
        if current_hard != resource.RLIM_INFINITY:
            soft, hard = min(soft, current_hard), min(hard, current_hard)
        resource.setrlimit(kind, (soft, hard))
    except (ValueError, OSError):
        pass


def _limit(limits: dict) -> None:
    if resource is None:  # Windows: the supervisor's watchdog (wall time) is the limit
        return
    from kata.learner.processes import user_processes

    _set_limit(resource.RLIMIT_CORE, 0)
    if limits.get("cpu_seconds"):
        cpu = int(limits["cpu_seconds"])
        _set_limit(resource.RLIMIT_CPU, cpu, cpu + 5)
    if limits.get("file_bytes"):
        _set_limit(resource.RLIMIT_FSIZE, int(limits["file_bytes"]))
    if limits.get("address_bytes"):
        _set_limit(resource.RLIMIT_AS, int(limits["address_bytes"]))
    if limits.get("processes") and hasattr(resource, "RLIMIT_NPROC") and os.getuid() != 0:
        # counts every process and thread of the user: what runs now, plus the allowance
        _set_limit(resource.RLIMIT_NPROC, user_processes() + int(limits["processes"]) + 64)
