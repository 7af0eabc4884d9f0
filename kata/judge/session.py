"""Everything one judge process keeps for its learner processes: the supervisors, the folders its calls use,
the inputs already written, and where the learner's output goes as it comes.

Folders the judge writes in are its own: each call's folder is made fresh (a new random name, made with
mkdir, never an existing one or a link), under a folder of this session's that learner processes may read
but not change (they write only into their call's `out` folder).
"""

from __future__ import annotations

import atexit
import hashlib
import os
import secrets
import shutil
import stat
import tempfile
from pathlib import Path

from kata.judge import known
from kata.judge.supervisors import Supervisor, SupervisorError, start_supervisor
from kata.shared import cache, codec, framing, transport
from kata.shared.digest import of_file


class Session:
    """The judge process's learner-process machinery (one per judge process: Session.get())."""

    _current: "Session | None" = None

    def __init__(self):
        exchange = os.environ.get("KATA_EXCHANGE_DIR")  # the folder the runner shares with a sandboxed supervisor
        self.exchange = Path(exchange) if exchange and Path(exchange).is_dir() else None
        self.folder = Path(tempfile.mkdtemp(prefix="kata-judge-", dir=self.exchange))
        self.calls = own_folder(self.folder / "calls")
        self.inputs_folder = cache.folder("exchange")
        self.known: dict[int, tuple[object, str]] = {}  # id(value) -> (value, input folder)
        self.supervisor: Supervisor | None = None
        self.others: dict[tuple, Supervisor] = {}  # supervisors with another environment (another data folder)
        self.private: Path | None = None  # their calls' folder: apart from the shared exchange (see new_call)
        self.live = _live_stream()
        self.count = 0  # calls made
        atexit.register(self.close)

    @classmethod
    def get(cls) -> "Session":
        if cls._current is None:
            cls._current = Session()
        return cls._current

    def warm(self, modules) -> None:
        """Start the supervisor now and let it import what the coming calls need, while the judge gets ready."""
        try:
            self.supervisor_for(modules)
        except SupervisorError:
            pass  # said again, with the reason, at the first call

    def supervisor_for(self, modules=(), env: dict | None = None) -> Supervisor:
        if env:  # learner processes that must see another environment (step 14: data without test labels)
            key = tuple(sorted(env.items()))
            sup = self.others.get(key)
            if sup is None or not sup.alive():
                sup = self.others[key] = start_supervisor(env=env, log=self.folder / "supervisor-other.log",
                                                          exchange=self.private_folder())
            sup.ensure_imported(modules)
            return sup
        sup = self.supervisor
        if sup is None and os.environ.get("KATA_SUPERVISOR"):  # the supervisor `make check` started beside us
            sup = Supervisor.lent(os.environ.pop("KATA_SUPERVISOR"))
        elif sup is not None and not sup.alive():
            sup.kill()
            sup = None
        if sup is None:
            sup = start_supervisor(log=self.folder / "supervisor.log", exchange=self.exchange or self.folder)
        self.supervisor = sup
        sup.ensure_imported(modules)
        return sup

    def private_folder(self) -> Path:
        """A folder for calls that must not see the other calls' files (step 14's learner processes: the
        shared exchange holds what earlier calls got and returned, test labels included)."""
        if self.private is None:
            self.private = Path(tempfile.mkdtemp(prefix="kata-private-"))
            own_folder(self.private / "calls")
        return self.private

    def new_call(self, private: bool = False) -> tuple[Path, Path]:
        """A fresh folder for one call's inputs, and its `out` folder for what comes back."""
        self.count += 1
        parent = self.private_folder() / "calls" if private else self.calls
        call_dir = own_folder(parent / f"c{secrets.token_hex(8)}")
        return call_dir, own_folder(call_dir / "out")

    def input_folder(self, value) -> str:
        """A big input written once (content-addressed) where every learner process can read it."""
        found = self.known.get(id(value))
        if found is not None and found[0] is value:
            return found[1]
        name = known.name_of(value)
        if name is not None and (self.inputs_folder / name / "value.json").is_file():
            self.known[id(value)] = (value, str(self.inputs_folder / name))
            return str(self.inputs_folder / name)
        tmp = Path(tempfile.mkdtemp(prefix=".tmp-", dir=self.inputs_folder))
        try:
            framing.write_json(tmp / "value.json", codec.encode(value, codec.Box(tmp)))
            h = hashlib.sha256()
            for path in sorted(tmp.iterdir()):
                h.update(path.name.encode() + b"\0" + str(of_file(path)).encode())
            final = self.inputs_folder / (name or h.hexdigest()[:32])
            if final.exists():
                shutil.rmtree(tmp, ignore_errors=True)
            else:
                try:
                    os.replace(tmp, final)
                except OSError:  # another judge wrote the same input at the same moment
                    shutil.rmtree(tmp, ignore_errors=True)
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise
        self.known[id(value)] = (value, str(final))
        return str(final)

    def close(self) -> None:
        for other in self.others.values():
            other.close()
        self.others.clear()
        if self.supervisor is not None:
            self.supervisor.close()
            self.supervisor = None
        shutil.rmtree(self.folder, ignore_errors=True)
        if self.private is not None:
            shutil.rmtree(self.private, ignore_errors=True)
        if Session._current is self:
            Session._current = None


def own_folder(path: Path) -> Path:
    """A new folder the judge made itself: mkdir (never an existing folder or a link someone put there), checked
    to be a real folder of this user's. OSError otherwise."""
    os.mkdir(path, 0o755)
    info = os.lstat(path)
    if not stat.S_ISDIR(info.st_mode) or (hasattr(os, "getuid") and info.st_uid != os.getuid()):
        raise OSError(f"{path} is not a folder of the judge's own")
    return path


def _live_stream():
    """Where learner processes' output goes as it comes: the runner's channel (KATA_LIVE), or nowhere."""
    handle = os.environ.pop("KATA_LIVE", "")
    if not handle:
        return None
    try:
        return transport.join(handle).makefile("wb")  # buffered: whole writes, flushed by each writer
    except OSError:
        return None
