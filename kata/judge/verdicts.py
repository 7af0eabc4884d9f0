"""How a call of the learner's code ended, as a Feedback: what the learner process reported (returned, raised,
not started, ...) or, when it sent nothing, what the supervisor saw (too slow, out of memory, killed ...).

The learner process's report only shapes the message of a failure; a pass rests on what the judge computes
from the returned files itself. A fault of the kata's own side is a KataFault ("could not be checked").
"""

from __future__ import annotations

import os

from kata.judge.calls import kill_signal_name
from kata.judge.feedback import Feedback, KataFault, crashed
from kata.shared import settings
from kata.shared.vocabulary import Call


def default_limits(wall: float) -> dict:
    """The learner process's limits for a call of `wall` seconds (environment variables may raise them)."""
    cpus = os.cpu_count() or 2
    return {
        "wall_seconds": wall,
        "cpu_seconds": int(wall * max(2, cpus) + 30),  # TensorFlow trains on every core: CPU time runs faster
        "memory_mb": settings.number("KATA_MEMORY_MB"),
        "file_bytes": int(settings.number("KATA_FILE_MB") * 2 ** 20),
        "processes": int(settings.number("KATA_PROCESSES")),
        "output_bytes": int(settings.number("KATA_OUTPUT_MB") * 1_000_000),
    }


def short_of_room(result: dict | None, folder, limits: dict) -> bool:
    """Whether a call that failed writing (its result, or a file of its own) failed because the machine is short of
    room: the file system holding `folder` has less free space, as the operating system reports it, than the
    largest file a call may write. Then the call was stopped by the machine, never by the learner's code."""
    r = result or {}
    writing = r.get("status") == Call.UNSENDABLE or (r.get("status") == Call.RAISED and (
        r.get("errno") is not None or _s(r.get("type")) in ("OSError", "IOError")))
    if not writing:
        return False
    try:
        st = os.statvfs(folder)
    except OSError:
        return False
    return st.f_bavail * st.f_frsize < limits.get("file_bytes", 0)


def _s(value, limit=300) -> str:
    return str(value)[:limit] if value is not None else ""


def from_result(name: str, r: dict, rel: str) -> Feedback:
    """The learner process reported how its call ended, other than returning a value."""
    status = r.get("status")
    simple: dict = {
        Call.STUB: ("not_started", "generic.not_started", {"function": name, "file": rel}),
        Call.NOT_IMPLEMENTED: ("not_started", "generic.not_started", {"function": name, "file": rel}),
        Call.NOT_STARTED_MODULE: ("not_started", "generic.not_started_module", {"file": _s(r.get("file"))}),
        Call.MISSING_FUNCTION: ("not_started", "generic.missing_function", {"function": name, "file": rel}),
        Call.MISSING_FILE: ("broken", "generic.missing_file", {"file": _s(r.get("file"))}),
        Call.SYNTAX: ("broken", "generic.syntax_error", {"file": _s(r.get("file")), "line": r.get("line"),
                                                          "code": _s(r.get("code")), "error": _s(r.get("error"))}),
        Call.UNSENDABLE: ("crashed", "generic.unsendable", {"error": _s(r.get("text"))}),
    }
    if status in simple:
        kind, key, values = simple[status]
        return Feedback(kind, key, **values)
    if status == Call.HARNESS_ERROR:
        return KataFault(f"the learner process failed on the kata's side ({_s(r.get('text'))})")
    if status == Call.RAISED:
        return _raised(name, r)
    return KataFault(f"the learner process sent an unknown result ({_s(status, 40)!r})")


def _where(frame) -> str | None:
    """`exercises/04_pad.py, line 12, in pad_reviews: <code>`, in the learner's language."""
    from kata.i18n import t

    if not isinstance(frame, dict):
        return None
    line = frame.get("line")
    return t("ui.frame", file=_s(frame.get("file"), 200), line=line if isinstance(line, int) else "?",
             function=_s(frame.get("function"), 80), code=_s(frame.get("code"), 160))


def _raised(name: str, r: dict) -> Feedback:
    """The learner's code raised (or exited, or was interrupted)."""
    kind, text = _s(r.get("type")), _s(r.get("text"), 1200)
    where = _where(r.get("where"))
    if kind == "DataError" and r.get("module") == "kata.shared.imdb":  # the kata's data, not the learner's code
        return KataFault(_s(r.get("text"), 8192).removeprefix("DataError: "))  # its sentence in full, never cut
    if kind == "KeyboardInterrupt":
        return Feedback("crashed", "generic.keyboard_interrupt", function=name, where=where)
    phase = r.get("phase")
    if phase == "load_model":
        return Feedback("crashed", "generic.model_reload", error=text)
    if phase == "import":
        if kind == "SystemExit":
            return Feedback("broken", "generic.exit_at_import", file=_s(r.get("file")), code=_s(r.get("code")), where=where)
        return Feedback("broken", "generic.import_error", where=where, file=_s(r.get("file")), error=text)
    if kind == "SystemExit":
        return Feedback("crashed", "generic.sys_exit", function=name, code=_s(r.get("code")), where=where)
    if kind == "MemoryError":
        return Feedback("crashed", "generic.memory_error", function=name, where=where)
    if r.get("errno") == 27:  # EFBIG: a file over the size limit
        return Feedback("crashed", "generic.file_too_large", where=where, error=text,
                        mb=round(default_limits(1)["file_bytes"] / 2 ** 20))
    return crashed(text, where)


def from_end(ended: dict, limits: dict) -> Feedback:
    """The learner process ended without sending a result: why, as the supervisor saw it."""
    reason, sig, code = ended.get("reason"), ended.get("signal"), ended.get("exit")
    by_reason: dict = {
        "time": ("timeout", "generic.timeout", {"seconds": f"{round(limits['wall_seconds'], 1):g}"}),
        "memory": ("crashed", "generic.memory_killed", {"mb": round(limits["memory_mb"])}),
        "processes": ("crashed", "generic.processes", {"count": limits["processes"]}),
        "output": ("crashed", "generic.output", {"mb": f"{limits['output_bytes'] / 1e6:g}"}),
        "supervisor_died": ("crashed", "generic.supervisor_died", {}),
        "protocol": ("crashed", "generic.unreadable", {"reason": "malformed messages"}),
    }
    if reason in by_reason:
        kind, key, values = by_reason[reason]
        return Feedback(kind, key, **values)
    if sig is not None:
        signal_name = kill_signal_name(sig)
        if signal_name == "SIGXCPU":
            return Feedback("timeout", "generic.cpu_time", seconds=limits.get("cpu_seconds"))
        if signal_name == "SIGKILL":
            return Feedback("crashed", "generic.killed")
        return Feedback("crashed", "generic.signal", signal=signal_name)
    if code in (70, 75):
        return KataFault(f"the learner process stopped on the kata's side (exit code {code})")
    return Feedback("crashed", "generic.os_exit", code=code if code is not None else "?")
