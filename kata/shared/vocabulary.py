"""The kata's words for states and messages, declared once: every process, report and display uses these.

Each is a `str` enum: it compares equal to its value, travels as that string in JSON, and formats as it.
"""

from __future__ import annotations

from enum import Enum


class Word(str, Enum):
    def __str__(self) -> str:
        return str(self.value)

    def __format__(self, spec: str) -> str:
        return format(str(self.value), spec)


class Kind(Word):
    """What a failing check says of the learner's code, from "not yet" to "stuck"; and one that is never theirs."""

    NOT_STARTED = "not_started"  # the stub still raises NotImplementedError, or a function is missing
    WRONG = "wrong"  # the code ran and gave a wrong answer
    CRASHED = "crashed"  # it raised, ended its process, or was stopped for using too much
    BROKEN = "broken"  # the file cannot even be imported (syntax error, bad import)
    TIMEOUT = "timeout"  # a call ran longer than the step's time limit (or used too much CPU time)
    UNCHECKED = "unchecked"  # the kata could not check the step (its data, its cache, its own process)


class State(Word):
    """A step's state, as the runner, the CLI, the notebooks and the reports show it."""

    DONE = "done"
    NOT_STARTED = "not_started"
    WRONG = "wrong"
    CRASHED = "crashed"
    BROKEN = "broken"
    TIMEOUT = "timeout"
    UNCHECKED = "unchecked"  # could not be checked (the kata's side)
    UNKNOWN = "unknown"  # its checks did not run
    MISSING = "missing"  # grading: the kata has no check file for it
    TAMPERED = "tampered"  # grading: its checks were changed


# The worst failure among a step's checks names its state: a fault of the kata's first, then the learner's
# from the most stuck to "not yet".
SEVERITY = (State.UNCHECKED, State.BROKEN, State.TIMEOUT, State.CRASHED, State.WRONG, State.NOT_STARTED)
# The mark of each state on a terminal line (a self-test renders every state).
MARKS = {State.DONE: "✔", State.NOT_STARTED: "·", State.WRONG: "✗", State.CRASHED: "✗", State.BROKEN: "✗",
         State.TIMEOUT: "✗", State.UNCHECKED: "!", State.UNKNOWN: " ", State.MISSING: "?", State.TAMPERED: "⛔"}
# The same, in plain ASCII, for a terminal that cannot show the marks above.
ASCII_MARKS = {State.DONE: "+", State.NOT_STARTED: ".", State.WRONG: "x", State.CRASHED: "x", State.BROKEN: "x",
               State.TIMEOUT: "x", State.UNCHECKED: "!", State.UNKNOWN: " ", State.MISSING: "?", State.TAMPERED: "#"}
# In the instructor's reports (English, like the rest of them).
REPORT_WORDS = {State.DONE: "done", State.NOT_STARTED: "not started", State.WRONG: "wrong", State.CRASHED: "crashed",
                State.BROKEN: "broken", State.TIMEOUT: "timeout", State.UNKNOWN: "not run", State.MISSING: "no checks",
                State.TAMPERED: "tampered", State.UNCHECKED: "not checked"}
# The failure kinds that are "error" (the code failed to run, or the kata could not check) rather than "fail".
ERROR_KINDS = (Kind.CRASHED, Kind.BROKEN, Kind.TIMEOUT, Kind.UNCHECKED, "error")
# In Markdown reports.
ICONS = {State.DONE: "✅", State.NOT_STARTED: "⬜", State.TAMPERED: "⛔", State.MISSING: "❔", State.UNKNOWN: "❔",
         State.UNCHECKED: "❗", State.WRONG: "❌", State.CRASHED: "❌", State.BROKEN: "❌", State.TIMEOUT: "❌"}


class Call(Word):
    """How a learner process's call ended, as it reports it."""

    RETURNED = "returned"
    RAISED = "raised"
    STUB = "stub"
    NOT_IMPLEMENTED = "not_implemented"
    NOT_STARTED_MODULE = "not_started_module"
    MISSING_FUNCTION = "missing_function"
    MISSING_FILE = "missing_file"
    SYNTAX = "syntax"
    UNSENDABLE = "unsendable"
    HARNESS_ERROR = "harness_error"


class Op(Word):
    """The messages between the kata's processes, each one JSON object per line (kata.shared.framing)."""

    IMPORT = "import"
    """judge -> supervisor: {modules} to import ahead of the calls."""
    SPAWN = "spawn"
    """judge -> supervisor: {id, spec, limits, channels: {ctrl, out}}: start a learner process for a call."""
    KILL = "kill"
    """judge -> supervisor: {id, reason}: stop that call's processes."""
    PING, PONG = "ping", "pong"
    QUIT = "quit"
    IMPORTED = "imported"
    """supervisor -> judge: {done, failed}."""
    SPAWNED = "spawned"
    """supervisor -> judge: {id, pid}."""
    ENDED = "ended"
    """supervisor -> judge: {id, exit, signal, reason, strays, seconds, cpu_seconds, memory_mb}."""
    ERROR = "error"
    """supervisor -> judge: {id, text}: a call that could not be started."""
    EVENT, REPLY = "event", "reply"
    """learner process -> judge: {name, data} (model.fit was called ...); the judge answers {action}."""
    RESULT = "result"
    """learner process -> judge: how its call ended ({status}, kata.shared.vocabulary.Call)."""
    HARNESS_ERROR = "harness_error"
    """learner process -> judge: the kata's own side failed in it."""
    READY, RUN = "ready", "run"
    """a judge started ahead -> runner: loaded; runner -> it: {argv, env, channels}: become this run's judge."""
    STARTED, EXIT = "started", "exit"
    """a batch's judge -> runner: the judge forked for a run {pid}, then how it ended {code}."""


class Event(Word):
    """The judge's report to the runner, one JSON object per line."""

    COLLECTED = "collected"
    RUNNING = "running"
    TEST = "test"
    SEEN = "seen"
    FINISHED = "finished"
