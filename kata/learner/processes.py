"""What the supervisor knows of the processes below it, as the operating system reports them: the tree, its
memory, its ends. /proc on Linux; psutil where there is no /proc (macOS, Windows)."""

from __future__ import annotations

import os
import time

from kata.shared.platform import HAS_PROC, SIGKILL, psutil

CPU_USED: dict[int, float] = {}  # pid -> CPU seconds of an ended child (user + system, its reaped children included)
STARTED: dict = {}  # pid -> subprocess.Popen of each freshly started learner process (no fork)


def _ppids() -> dict[int, int]:
    """pid -> parent pid, for every process this one can see."""
    out = {}
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/stat", "rb") as f:
                data = f.read()
            out[int(name)] = int(data[data.rindex(b")") + 2:].split()[1])
        except (OSError, ValueError, IndexError):
            pass
    return out


def descendants(root: int) -> list[int]:
    """Every process below root (children, their children, ...)."""
    if not HAS_PROC:
        if psutil is None:
            return []
        try:
            return [p.pid for p in psutil.Process(root).children(recursive=True)]
        except psutil.Error:
            return []
    parents = _ppids()
    found, frontier = [], {root}
    while frontier:
        nxt = {pid for pid, ppid in parents.items() if ppid in frontier and pid not in found}
        found.extend(nxt)
        frontier = nxt
    return found


def private_mb(pids) -> float:
    """Memory the processes have of their own (private pages and swap), in MiB."""
    if not HAS_PROC:  # psutil's unique set size; 0 (not watched) without it
        total = 0
        for pid in pids if psutil is not None else ():
            try:
                total += psutil.Process(pid).memory_full_info().uss
            except (psutil.Error, AttributeError):
                pass
        return total / (1024 * 1024)
    return _proc_mb(pids, "smaps_rollup", (b"Private_Dirty:", b"Swap:"))


def resident_mb(pids) -> float | None:
    """An upper bound of private_mb that costs microseconds: resident pages (shared ones too) and swap, from
    /proc/PID/status. private_mb walks every page table (about 25 ms for a process with TensorFlow loaded,
    holding its memory map's lock), so the watch asks it only once this bound passes the limit. None without /proc."""
    return _proc_mb(pids, "status", (b"VmRSS:", b"VmSwap:")) if HAS_PROC else None


def _proc_mb(pids, name: str, fields: tuple) -> float:
    """The sum of some kB lines of /proc/PID/<name> over the processes, in MiB (a process gone counts 0)."""
    kb = 0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/{name}", "rb") as f:
                for line in f:
                    if line.startswith(fields):
                        kb += int(line.split()[1])
        except (OSError, ValueError):
            pass
    return kb / 1024


def kill_all_below(me: int) -> int:
    """Kill every process below this one, and reap them. Returns how many there were."""
    killed = set()
    for _ in range(50):
        pids = descendants(me)
        if not pids:
            break
        for pid in pids:
            try:
                os.kill(pid, SIGKILL)
                killed.add(pid)
            except OSError:
                pass
        reap()
        time.sleep(0.01)
    reap()
    return len(killed)


def reap() -> dict[int, int]:
    """Collect every ended child (strays re-parented to this subreaper included): pid -> exit code
    (negative: the signal that ended it)."""
    ended = {}
    if not hasattr(os, "wait4"):  # Windows: only the processes this one started can be asked
        for pid, proc in list(STARTED.items()):
            if proc.poll() is not None:
                ended[pid] = proc.returncode
                del STARTED[pid]
        return ended
    while True:
        try:
            pid, status, usage = os.wait4(-1, os.WNOHANG)
        except ChildProcessError:
            break
        if pid == 0:
            break
        ended[pid] = os.waitstatus_to_exitcode(status)
        CPU_USED[pid] = usage.ru_utime + usage.ru_stime
        proc = STARTED.pop(pid, None)
        if proc is not None:
            proc.returncode = ended[pid]  # reaped here, not by Popen: tell it, so it does not wait again
    return ended


def user_processes() -> int:
    """Processes and threads of this user, as /proc shows them (RLIMIT_NPROC counts them all)."""
    if not hasattr(os, "getuid") or not HAS_PROC:
        return 0
    uid, count = os.getuid(), 0
    for name in os.listdir("/proc"):
        if name.isdigit():
            try:
                if os.stat(f"/proc/{name}").st_uid == uid:
                    count += len(os.listdir(f"/proc/{name}/task"))
            except OSError:
                pass
    return count
