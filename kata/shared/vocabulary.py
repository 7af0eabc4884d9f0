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
    READY = "ready"  # a judge started ahead has loaded everything
    RUN = "run"  # runner -> a judge started ahead: become this run's judge
    STARTED = "started"  # a batch's judge -> runner: the judge forked for a run, {pid}
    EXIT = "exit"  # ... and how it ended, {code}


class Op(Word):
    """The messages between the judge, the supervisor and a learner process."""

    IMPORT = "import"
    SPAWN = "spawn"
    KILL = "kill"
    PING = "ping"
    QUIT = "quit"
    IMPORTED = "imported"
    SPAWNED = "spawned"
    ENDED = "ended"
    PONG = "pong"
    ERROR = "error"
    EVENT = "event"  # learner process -> judge: model.fit was called ... (the judge replies)
    REPLY = "reply"
    RESULT = "result"
    HARNESS_ERROR = "harness_error"
    READY = "ready"  # a judge started ahead has loaded everything
    RUN = "run"  # runner -> a judge started ahead: become this run's judge
    STARTED = "started"  # a batch's judge -> runner: the judge forked for a run, {pid}
    EXIT = "exit"  # ... and how it ended, {code}


class Event(Word):
    """The judge's report to the runner, one JSON object per line."""

    COLLECTED = "collected"
    RUNNING = "running"
    TEST = "test"
    SEEN = "seen"
    FINISHED = "finished"
