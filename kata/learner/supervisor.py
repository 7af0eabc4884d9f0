"""The learner process's supervisor: a spare process that starts one fresh learner process per call.

    python -m kata.learner.supervisor --fd N      (started by the judge, or by `make check`/`make watch`)

It imports the libraries the learner's files use (Keras, NumPy, matplotlib: never the learner's own
files), keeps the judge's input data decoded, and waits. For each call it forks a child that is the
learner process: a new session, its own limits (CPU time, file size, processes, memory), stdin from
/dev/null, stdout and stderr into a pipe. It hands the judge the child's end of a control socket and the
read end of that pipe (SCM_RIGHTS), then watches the child: wall time, memory (private pages of the
child and everything it started), number of processes. When the child ends, or is killed, every process
it left behind is killed too (the supervisor is their subreaper), and the judge hears how it ended.

No learner code ever runs in this process: a fork is made, and the child runs the learner's code. The
supervisor dies with its judge (end of the socket), and its children die with it.

Without fork (Windows; macOS, where fork is unsafe once TensorFlow is loaded; or KATA_NO_FORK=1 to try
it on Linux), each call is a freshly started `python -m kata.learner.supervisor --call ...` instead: the
same isolation and limits where the system has them (rlimits only with the `resource` module, memory and
processes watched only with /proc or an installed psutil), and the same watchdog loop for the wall time
(poll, then kill: no signal). It imports the libraries first and tells the supervisor when it is ready;
the call's wall time counts from then (at most START_ALLOWANCE seconds of imports are not counted).

Without descriptors to pass (Windows, or KATA_PORTABLE=1: kata.channels), the supervisor is started with
`--connect ADDRESS` instead of `--fd N`; a spawn names the judge's two offers ({"connect": {"ctrl", "out"}}):
the learner process connects its control channel itself, and a thread of the supervisor copies its output
pipe to the judge's connection.

Messages on the socket, one JSON object per line (kata.protocol.dumps):
  judge -> supervisor: import {modules} · spawn {id, spec, limits[, connect]} · kill {id, reason} · ping
  supervisor -> judge: imported {done, failed} · spawned {id, pid} + 2 fds (none with connect) · ended {id,
                       exit, signal, reason, strays, seconds, memory_mb} · pong · error {text}
"""

from __future__ import annotations

import argparse
import ctypes
import importlib
import json
import os
import select
import signal
import socket
import subprocess
import sys
import threading
import time
from collections import OrderedDict
from pathlib import Path

from kata import channels, protocol

try:
    import resource
except ImportError:  # Windows: no rlimits (the wall time is still watched)
    resource = None

try:  # memory and processes where there is no /proc (macOS, Windows): only if it is already installed
    import psutil
except ImportError:
    psutil = None

HAS_PROC = os.path.isdir("/proc/self")
SIGKILL = getattr(signal, "SIGKILL", signal.SIGTERM)  # Windows: os.kill with SIGTERM terminates the process
START_ALLOWANCE = 15.0  # seconds a freshly started learner process may spend importing before its wall time counts
POLL = 0.2  # seconds between two looks at a running child
MEMO_ENTRIES = 8  # decoded inputs kept for the next calls (the review splits, the word index, ...)
_PR_SET_PDEATHSIG, _PR_SET_DUMPABLE, _PR_SET_CHILD_SUBREAPER = 1, 4, 36


def prctl(option: int, value: int) -> bool:
    """Linux's prctl(2); False where it is not available."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return libc.prctl(option, value, 0, 0, 0) == 0
    except (OSError, AttributeError):
        return False


class Memo:
    """Inputs the judge sent (folders of kata.protocol data), decoded once and shared by every child."""

    def __init__(self):
        self.values: OrderedDict[str, object] = OrderedDict()

    def get(self, folder: str):
        if folder in self.values:
            self.values.move_to_end(folder)
            return self.values[folder]
        path = Path(folder)
        value = protocol.decode(protocol.read_json(path / "value.json"), protocol.Box(path))
        self.values[folder] = value
        while len(self.values) > MEMO_ENTRIES:
            self.values.popitem(last=False)
        return value


MEMO = Memo()


def use_fork() -> bool:
    """Fork a preloaded child per call (Linux, the default), or start a fresh process (no fork, KATA_NO_FORK=1)."""
    if os.environ.get("KATA_NO_FORK", "") not in ("", "0"):
        return False
    return hasattr(os, "fork") and sys.platform.startswith("linux")  # macOS: fork is unsafe with TensorFlow loaded


# --- processes ------------------------------------------------------------------------------------

def _ppids() -> dict[int, int]:
    """pid -> parent pid, for every process this one can see."""
    out = {}
    for name in os.listdir("/proc") if os.path.isdir("/proc") else []:
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


CPU_USED = {}  # pid -> CPU seconds of an ended child (user + system)


STARTED: dict = {}  # pid -> subprocess.Popen of each freshly started learner process (no fork)


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


def _user_processes() -> int:
    if not hasattr(os, "getuid"):
        return 0
    uid, count = os.getuid(), 0
    for name in os.listdir("/proc") if os.path.isdir("/proc") else []:
        if name.isdigit():
            try:
                if os.stat(f"/proc/{name}").st_uid == uid:
                    count += len(os.listdir(f"/proc/{name}/task"))
            except OSError:
                pass
    return count


# --- the child: becomes the learner process ------------------------------------------------------

def _become_learner(spec: dict, limits: dict, ctrl, out_w: int) -> None:  # noqa: C901
    """In the child (forked, or freshly started), before any learner code: isolate, limit, then run the call.
    ctrl: the control socket, or (no descriptors: Windows) the judge's address to connect to. Never returns."""
    try:
        if isinstance(ctrl, str):
            ctrl = channels.connect(ctrl)
        if hasattr(os, "setsid"):
            try:  # its own session: a Ctrl+C in the terminal is the judge's business, and its group is killed at once
                os.setsid()
            except OSError:  # already a session leader (started with start_new_session)
                pass
        prctl(_PR_SET_PDEATHSIG, SIGKILL)  # dies with the supervisor
        prctl(_PR_SET_DUMPABLE, 1)  # the supervisor (not dumpable) may read its memory figures
        null = os.open(os.devnull, os.O_RDONLY)
        os.dup2(null, 0)
        if out_w != 1:
            os.dup2(out_w, 1)
        os.dup2(out_w, 2)
        if os.name == "posix":
            keep = ctrl.fileno()
            if keep != 3:  # every other descriptor closed (the supervisor's socket among them): fd 3 is the control socket
                os.dup2(keep, 3)
                ctrl = socket.socket(fileno=3)
            os.closerange(4, _max_fd())
        _limit(limits)
        for name in ("SIGTERM", "SIGHUP", "SIGUSR1", "SIGUSR2", "SIGCHLD"):
            if hasattr(signal, name):
                signal.signal(getattr(signal, name), signal.SIG_DFL)
        signal.signal(signal.SIGINT, signal.default_int_handler)
        if hasattr(signal, "SIGXFSZ"):
            signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a file over the size limit: an OSError, not a kill
        sys.stdin = open(os.devnull)  # noqa: SIM115
        sys.stdout = os.fdopen(1, "w", buffering=1, encoding="utf-8", errors="replace", closefd=False)
        sys.stderr = os.fdopen(2, "w", buffering=1, encoding="utf-8", errors="replace", closefd=False)
        from kata.learner import child

        child.run(spec, ctrl, MEMO)
    except BaseException as exc:  # the harness itself failed: say so, never fall back into the supervisor's loop
        try:
            ctrl.sendall(protocol.dumps({"op": "harness_error", "text": f"{type(exc).__name__}: {exc}"[:500]}))
        except Exception:
            pass
    finally:
        os._exit(70)


def _relay(out_r: int, address: str) -> None:
    """Windows (no descriptors): copy a learner process's output from its pipe to the judge's connection."""
    try:
        sock = channels.connect(address)
    except OSError:
        sock = None
    try:
        while True:
            data = os.read(out_r, 1 << 16)
            if not data:
                break
            if sock is not None:
                try:
                    sock.sendall(data)
                except OSError:
                    sock = None  # the judge stopped listening: drain the pipe all the same
    except OSError:
        pass
    finally:
        os.close(out_r)
        if sock is not None:
            sock.close()


def call_main(args) -> None:
    """`--call`: a freshly started learner process (no fork). Imports what the supervisor imported, says it is
    ready on its ready pipe, then becomes the learner process like a forked child. Never returns."""
    ctrl = args.connect if args.connect else socket.socket(fileno=args.fd)  # an address: connected once started
    order = json.loads(args.call)
    os.environ.setdefault("MPLBACKEND", "Agg")
    for name in ["kata.learner.child", "kata.learner.describe", *order.get("modules", [])]:
        try:
            importlib.import_module(name)
        except BaseException:  # noqa: BLE001 - the supervisor reported it; the call will meet it again
            pass
    if "matplotlib" in sys.modules:
        try:
            sys.modules["matplotlib"].use("Agg")
        except Exception:
            pass
    if args.ready is not None:
        try:
            os.write(args.ready, b"1")
            os.close(args.ready)
        except OSError:
            pass
    elif args.ready_connect:
        try:
            channels.connect(args.ready_connect, timeout=5).close()
        except OSError:
            pass
    _become_learner(order["spec"], order["limits"], ctrl, 1)


def _max_fd() -> int:
    if resource is None:
        return 4096
    try:
        return min(resource.getrlimit(resource.RLIMIT_NOFILE)[0], 65536)
    except (ValueError, OSError):
        return 4096


def _limit(limits: dict) -> None:
    if resource is None:  # Windows: the supervisor's watchdog (wall time) is the limit
        return

    def set_limit(kind, soft, hard=None):
        try:
            _, current_hard = resource.getrlimit(kind)
            hard = soft if hard is None else hard
            if current_hard != resource.RLIM_INFINITY:
                soft, hard = min(soft, current_hard), min(hard, current_hard)
            resource.setrlimit(kind, (soft, hard))
        except (ValueError, OSError):
            pass

    set_limit(resource.RLIMIT_CORE, 0)
    if limits.get("cpu_seconds"):
        cpu = int(limits["cpu_seconds"])
        set_limit(resource.RLIMIT_CPU, cpu, cpu + 5)
    if limits.get("file_bytes"):
        set_limit(resource.RLIMIT_FSIZE, int(limits["file_bytes"]))
    if limits.get("address_bytes"):
        set_limit(resource.RLIMIT_AS, int(limits["address_bytes"]))
    if limits.get("processes") and hasattr(resource, "RLIMIT_NPROC") and os.getuid() != 0:
        # counts every process and thread of the user: what runs now, plus the allowance
        set_limit(resource.RLIMIT_NPROC, _user_processes() + int(limits["processes"]) + 64)


# --- the loop -------------------------------------------------------------------------------------

class Supervisor:
    def __init__(self, sock: socket.socket):
        self.sock = sock
        self.buffer = b""
        self.me = os.getpid()
        # A child's end wakes the loop at once (SIGCHLD on a self-pipe), not at the next poll. (Windows has
        # neither SIGCHLD nor select on pipes: the loop looks every POLL seconds.)
        self.wake_r = None
        if hasattr(signal, "SIGCHLD"):
            self.wake_r, wake_w = os.pipe()
            os.set_blocking(self.wake_r, False)
            os.set_blocking(wake_w, False)
            signal.signal(signal.SIGCHLD, lambda *_: None)
            signal.set_wakeup_fd(wake_w, warn_on_full_buffer=False)
        self.fork = use_fork()
        self.imported: list[str] = []  # what a freshly started learner process imports before its call

    def send(self, message: dict, fds=()):
        data = protocol.dumps(message)
        if fds:
            socket.send_fds(self.sock, [data], list(fds))
        else:
            self.sock.sendall(data)

    def messages(self, timeout=None):
        """The next messages from the judge (waiting up to timeout seconds); None when the judge is gone."""
        ready, _, _ = select.select([self.sock] + ([self.wake_r] if self.wake_r is not None else []), [], [], timeout)
        if self.wake_r is not None and self.wake_r in ready:
            try:
                while os.read(self.wake_r, 512):
                    pass
            except (BlockingIOError, InterruptedError):
                pass
        if self.sock not in ready:
            return []
        data = self.sock.recv(1 << 20)
        if not data:
            return None
        self.buffer += data
        out = []
        while b"\n" in self.buffer:
            line, self.buffer = self.buffer.split(b"\n", 1)
            if line.strip():
                out.append(protocol.loads(line))
        return out

    def serve(self) -> None:
        while True:
            batch = self.messages()
            if batch is None:
                return
            for message in batch:
                if not self.handle(message):
                    return

    def handle(self, message) -> bool:
        op = message.get("op")
        if op == "ping":
            self.send({"op": "pong", "pid": self.me})
        elif op == "import":
            self.preimport(message.get("modules") or [], reply=True)
        elif op == "spawn":
            return self.spawn(message)
        elif op == "quit":
            return False
        else:  # a kill for a call that already ended, or anything unknown
            pass
        return True

    def preimport(self, modules, reply=False):
        done, failed = [], {}
        for name in modules:
            try:
                importlib.import_module(name)
                done.append(name)
                if name not in self.imported:
                    self.imported.append(name)
            except BaseException as exc:  # a broken install is reported, not fatal
                failed[name] = f"{type(exc).__name__}: {exc}"[:300]
        if "matplotlib" in sys.modules:
            try:
                import matplotlib

                matplotlib.use("Agg")
            except Exception:
                pass
        if reply:
            self.send({"op": "imported", "done": done, "failed": failed})

    def spawn(self, message) -> bool:
        call_id, spec, limits = message.get("id"), message.get("spec") or {}, message.get("limits") or {}
        if self.fork:
            try:
                for folder in spec.get("inputs", []):
                    MEMO.get(folder)  # decoded here once; every child inherits it (copy-on-write)
            except Exception as exc:
                self.send({"op": "error", "id": call_id, "text": f"could not read the call's inputs: {type(exc).__name__}: {exc}"[:500]})
                return True
        to_judge = message.get("connect")  # no descriptors (Windows): {"ctrl", "out"}: the judge's offers
        if to_judge:
            parent_ctrl, child_ctrl = None, str(to_judge["ctrl"])  # the learner process connects itself
        else:
            parent_ctrl, child_ctrl = socket.socketpair()
        out_r, out_w = os.pipe()
        sys.stdout.flush()
        sys.stderr.flush()
        started = time.monotonic()
        ready_r = None
        if self.fork:
            pid = os.fork()
            if pid == 0:
                signal.set_wakeup_fd(-1)
                self.sock.close()
                if parent_ctrl is not None:
                    parent_ctrl.close()
                os.close(out_r)
                if self.wake_r is not None:
                    os.close(self.wake_r)
                _become_learner(spec, limits, child_ctrl, out_w)
        else:
            try:
                pid, ready_r = self.start_fresh(spec, limits, child_ctrl, out_w)
            except OSError as exc:
                for end in (parent_ctrl, child_ctrl):
                    if isinstance(end, socket.socket):
                        end.close()
                for fd in (out_r, out_w):
                    os.close(fd)
                self.send({"op": "error", "id": call_id, "text": f"could not start a learner process: {exc}"[:500]})
                return True
        os.close(out_w)
        if to_judge:  # the learner's output goes to the judge through a thread of ours
            threading.Thread(target=_relay, args=(out_r, str(to_judge["out"])), daemon=True).start()
            self.send({"op": "spawned", "id": call_id, "pid": pid})
            return self.watch(call_id, pid, limits, started, ready_r)
        child_ctrl.close()
        try:
            self.send({"op": "spawned", "id": call_id, "pid": pid}, fds=[parent_ctrl.fileno(), out_r])
        finally:
            parent_ctrl.close()
            os.close(out_r)
        return self.watch(call_id, pid, limits, started, ready_r)

    def start_fresh(self, spec, limits, ctrl, out_w: int):
        """The learner process without fork: a new interpreter (call_main). Its pid, and the pipe it says
        "ready" on once its libraries are imported (ctrl an address, no descriptors: an Offer it connects to)."""
        order = {"spec": spec, "limits": limits, "modules": self.imported}
        if isinstance(ctrl, str):  # Windows: the judge's offer for its control channel; ours for "ready"
            ready = channels.Offer()
            cmd = [sys.executable, "-m", "kata.learner.supervisor", "--connect", ctrl, "--ready-connect", ready.address,
                   "--call", json.dumps(order)]
            try:
                proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=out_w, stderr=out_w,
                                        creationflags=getattr(subprocess, "CREATE_NEW_PROCESS_GROUP", 0),
                                        start_new_session=hasattr(os, "setsid"))
            except BaseException:
                ready.close()
                raise
            STARTED[proc.pid] = proc
            return proc.pid, ready
        ready_r, ready_w = os.pipe()
        cmd = [sys.executable, "-m", "kata.learner.supervisor", "--fd", str(ctrl.fileno()), "--ready", str(ready_w),
               "--call", json.dumps(order)]
        try:
            proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=out_w, stderr=out_w,
                                    pass_fds=[ctrl.fileno(), ready_w], start_new_session=True)
        except BaseException:
            os.close(ready_r)
            raise
        finally:
            os.close(ready_w)
        STARTED[proc.pid] = proc
        os.set_blocking(ready_r, False)
        return proc.pid, ready_r

    def watch(self, call_id, pid, limits, started, ready_r=None) -> bool:
        """Wait for the child; enforce wall time, memory and processes; report how it ended.

        ready_r: a freshly started child's ready pipe: its wall time counts from "ready" (its imports done),
        or from START_ALLOWANCE seconds after its start, whichever comes first."""
        wall = float(limits.get("wall_seconds") or 0)
        memory = float(limits.get("memory_mb") or 0)
        processes = int(limits.get("processes") or 0)
        reason, status, peak, alive = None, None, 0.0, True
        clock = started
        try:
            while status is None:
                if ready_r is not None:
                    clock, ready_r = self._ready(ready_r, started)
                status, reason, peak, alive = self._look(call_id, pid, wall, memory, processes, clock, reason, peak)
                if alive is False:
                    return False
        finally:
            if isinstance(ready_r, channels.Offer):
                ready_r.close()
            elif ready_r is not None:
                os.close(ready_r)
        strays = kill_all_below(self.me)
        code = status
        self.send({"op": "ended", "id": call_id, "exit": code if code >= 0 else None, "signal": -code if code < 0 else None,
                   "reason": reason, "strays": strays, "seconds": round(time.monotonic() - started, 3),
                   "cpu_seconds": round(CPU_USED.pop(pid, 0.0), 3), "memory_mb": round(peak, 1)})
        return True

    @staticmethod
    def _ready(ready_r, started):
        """(when the wall time starts, the pipe if still waiting for "ready" else None)."""
        if isinstance(ready_r, channels.Offer):  # Windows: the learner process connects once its imports are done
            conn = ready_r.accept(timeout=0)
            if conn is None and time.monotonic() - started < START_ALLOWANCE:
                return time.monotonic(), ready_r
            ready_r.close()
            if conn is not None:
                conn.close()
            now = time.monotonic()
            return (now if conn is not None else min(now, started + START_ALLOWANCE)), None
        try:
            data = os.read(ready_r, 16)
        except BlockingIOError:
            if time.monotonic() - started < START_ALLOWANCE:
                return time.monotonic(), ready_r  # importing: the clock does not run yet
            data = b""
        except OSError:
            data = b""
        now = time.monotonic()
        os.close(ready_r)
        return (now if data else min(now, started + START_ALLOWANCE)), None

    def _look(self, call_id, pid, wall, memory, processes, clock, reason, peak):
        """One turn of the watch: (exit code or None, reason, peak memory, False if the judge is gone)."""
        batch = self.messages(POLL)
        if batch is None:  # the judge is gone: so is everything of ours
            kill_all_below(self.me)
            return None, reason, peak, False
        for message in batch:
            if message.get("op") == "kill" and message.get("id") == call_id and reason is None:
                reason = str(message.get("reason") or "judge")[:40]
                self._kill(pid)
            elif message.get("op") == "quit":
                kill_all_below(self.me)
                return None, reason, peak, False
        ended = reap()
        if pid in ended:
            return ended[pid], reason, peak, True
        if reason is not None:
            return None, reason, peak, True
        tree = [pid, *descendants(pid)]
        if wall and time.monotonic() - clock > wall:  # the watchdog: no signal, a look every POLL seconds
            reason = "time"
        elif processes and len(tree) > processes:
            reason = "processes"
        elif memory:
            used = resident_mb(tree)
            if used is None or used > memory:  # shared pages counted too: count only the private ones
                used = private_mb(tree)
            peak = max(peak, used)
            if used > memory:
                reason = "memory"
        if reason is not None:
            self._kill(pid)
        return None, reason, peak, True

    def _kill(self, pid):
        proc = STARTED.get(pid)
        if proc is not None and not hasattr(os, "killpg"):  # Windows
            proc.kill()
            return
        try:
            os.killpg(pid, SIGKILL)
        except OSError:
            pass
        try:
            os.kill(pid, SIGKILL)
        except OSError:
            pass


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m kata.learner.supervisor")
    parser.add_argument("--fd", type=int, help="the judge's end of a socketpair (--call: the control socket)")
    parser.add_argument("--connect", help="no descriptors (Windows): the judge's address to connect to instead of --fd")
    parser.add_argument("--import", dest="modules", default="", help="modules to import at once (comma-separated)")
    parser.add_argument("--call", help=argparse.SUPPRESS)  # a freshly started learner process: {spec, limits, modules}
    parser.add_argument("--ready", type=int, help=argparse.SUPPRESS)  # its pipe for "ready" (imports done)
    parser.add_argument("--ready-connect", help=argparse.SUPPRESS)  # Windows: the address it connects to instead
    args = parser.parse_args(argv)
    if args.fd is None and not args.connect:
        parser.error("--fd or --connect is needed")
    if args.call:
        call_main(args)
    sock = channels.connect(args.connect) if args.connect else socket.socket(fileno=args.fd)
    os.environ.setdefault("MPLBACKEND", "Agg")
    prctl(_PR_SET_CHILD_SUBREAPER, 1)  # whatever a learner process starts stays below us, so it can be killed
    prctl(_PR_SET_DUMPABLE, 0)  # a learner process (same user) cannot read or trace this one
    prctl(_PR_SET_PDEATHSIG, SIGKILL)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl+C is for the judge; we end when its socket closes
    supervisor = Supervisor(sock)
    supervisor.preimport(["kata.learner.child", "kata.learner.describe"])  # each child starts with them in memory
    if args.modules:
        supervisor.preimport([m for m in args.modules.split(",") if m])
    try:
        supervisor.serve()
    finally:
        kill_all_below(os.getpid())
    # nothing to save: skip the interpreter's teardown (with TensorFlow loaded, about a second)
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(0)


if __name__ == "__main__":
    sys.exit(main())
