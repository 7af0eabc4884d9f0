"""Run the checks (the judge: pytest with kata.judge.plugin) in a process of their own and read its report.

The judge reports check by check (kata.judge.launch: its channels, its start, its report read as it comes).
A step counts only when every check collected for it reported; when the judge dies or hangs (the kata's own
side: learner code never runs in it), the step reads "could not be checked" and, when asked (`resume=True`,
for grading), the remaining steps still run.
"""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from kata.judge.judges import Judges, Spare  # noqa: F401 - the runner's judges started ahead, for its users
from kata.judge.launch import judge_run
from kata.manifest import ROOT, Step, steps, target_folder
from kata.shared.vocabulary import SEVERITY, Event, State


WHOLE_STEP = (State.UNCHECKED, State.BROKEN)  # the step could not be checked, or its file cannot be imported


def rank(failure: dict, order: int) -> tuple:
    """Causes ranked: what stops the whole step first; then a cause the judge named (a wrong value, a known
    crash) before a generic one (a crash it cannot explain, a time-out), since a crash downstream of a named
    mistake is that mistake; a function not started yet last; among equals, the checks' own order (the step's
    earlier parts first)."""
    kind, key = failure.get("kind"), str(failure.get("key") or "")
    if kind in WHOLE_STEP:
        return (0, WHOLE_STEP.index(kind), order)
    if kind == State.NOT_STARTED:
        return (3, 0, order)
    generic = key.startswith("generic.") or not key
    return (1 + generic, SEVERITY.index(kind) if (generic and kind in SEVERITY) else 0, order)


@dataclass
class StepResult:
    step: Step
    tests: list = field(default_factory=list)
    state: str = State.UNKNOWN
    expected: int = 0  # how many checks were collected for it
    seen: dict = field(default_factory=dict)  # what the learner's code produced, to show once the step is done
    printed: str = ""  # what the step printed on the learner's terminal while its checks ran (or when it passed)
    kept: bool = False  # its pass was read from the store (kata.judge.kept): unchanged, not checked again

    @property
    def failures(self):
        return [t for t in self.tests if t["outcome"] == "failed"]

    @property
    def first_failure(self):
        """The failure to show first: the most specific cause the judge established (see `rank`)."""
        failures = self.failures
        return min(failures, key=lambda f: rank(f, failures.index(f))) if failures else None

    @property
    def passed(self) -> int:
        return sum(t["outcome"] == "passed" for t in self.tests)

    @property
    def complete(self) -> bool:
        """Every check collected for the step reported (a step cut short is never done)."""
        return bool(self.tests) and len(self.tests) >= self.expected


@dataclass
class Report:
    results: dict  # step number -> StepResult
    output: str = ""

    def __iter__(self):
        return iter(self.results.values())

    def first_not_done(self):
        for r in self:
            if r.state != "done":
                return r
        return None

    def done(self) -> int:
        return sum(r.state == "done" for r in self)


def _state(r: StepResult) -> State:
    if not r.tests:
        return State.UNKNOWN
    first = r.first_failure
    if first is not None:
        return first.get("kind") if first.get("kind") in SEVERITY else State.CRASHED
    return State.DONE if r.complete else State.UNCHECKED


def run(target="exercises", only: list[Step] | None = None, stop=False, overrides=(), resume=False,
        extra_tests=None, env=None, root: Path = ROOT, outer_timeout=None, live=None, supervisor=None, spare=None,
        exchange: Path | None = None, keep=False, fresh=False) -> Report:
    """Check the given steps (all by default) of `target` and return a Report.

    live: a binary stream for the learner's output as it comes (a terminal), or None to keep it out of sight.
    supervisor: a running kata.judge.client.Supervisor to lend the judge (make watch keeps one warm).
    spare: a Spare judge to use for the first judge process (make watch keeps one ready).
    exchange: the folder where the judge and the (sandboxed) supervisor pass data (with supervisor).
    keep: passed steps are kept by their inputs (kata.judge.kept, `make check`): an unchanged one is read from the
    store, not checked; a step that passes is kept; the learner's stored calls (step 14's training) are used.
    fresh: with keep, every step is checked (and kept again), whatever the store holds (`make check FRESH=1`)."""
    own_exchange = None
    if exchange is None:
        exchange = own_exchange = Path(tempfile.mkdtemp(prefix="kata-exchange-"))
    store = _store(target, overrides, extra_tests, env, root) if keep else None
    try:
        return _run(target, only, stop, overrides, resume, extra_tests, env, root, outer_timeout, live, supervisor, spare,
                    exchange, store, fresh)
    finally:
        if own_exchange is not None:
            shutil.rmtree(own_exchange, ignore_errors=True)


def _store(target, overrides, extra_tests, env, root):
    """The store of kept passes for this target (None with overrides: those runs are the project's own tests)."""
    from kata.judge.kept import Store

    return None if overrides else Store(target_folder(str(target)), root, extra_tests or (), env)


def kept_report(target="exercises", only: list[Step] | None = None, root: Path = ROOT) -> Report:
    """What the store says, without checking anything: every step kept (unchanged since it passed) is done, every
    other one not checked yet (`make hint`, `make watch`'s overview)."""
    store = _store(target, (), (), None, root)
    results = {s.number: StepResult(s) for s in (only or steps())}
    for r in results.values():
        _read_kept(r, store)
    return Report(results)


def _read_kept(r: StepResult, store, key=None) -> bool:
    entry = store.read(r.step, key)
    if entry is None:
        return False
    r.tests, r.seen, r.printed, r.kept = entry["tests"], entry["seen"], entry["printed"], True
    r.expected, r.state = len(r.tests), State.DONE
    return True


def _run(target, only, stop, overrides, resume, extra_tests, env, root, outer_timeout, live, supervisor, spare,
         exchange, store=None, fresh=False) -> Report:
    wanted = list(only or steps())
    results = {s.number: StepResult(s) for s in wanted}
    before = {s.number: store.footprint(s) for s in wanted} if store is not None else {}
    if store is not None and not fresh:
        wanted = [s for s in wanted if not _read_kept(results[s.number], store, before[s.number])]
    output = _check(wanted, results, target, stop, overrides, resume, extra_tests, env, root, outer_timeout, live,
                    supervisor, spare, exchange, store is not None) if wanted else []
    for s in wanted:
        results[s.number].state = _state(results[s.number])
    if store is not None:
        _keep(store, [results[s.number] for s in wanted], before)
    return Report(results, "\n".join(output))


def _check(todo, results, target, stop, overrides, resume, extra_tests, env, root, outer_timeout, live, supervisor,
           spare, exchange, keep) -> list[str]:
    """The judge on the steps todo, their reports into results (again after a fault, when asked); its output."""
    output = []
    while todo:
        run = judge_run(todo, target, stop, overrides, extra_tests, env, root, outer_timeout, live, supervisor, spare,
                        exchange, keep=keep)
        spare = None  # used (or not ready): a second judge, after a fault, starts afresh
        output.append(run.output)
        for number, text in run.printed.items():
            if number in results:
                results[number].printed += text
        running, finished = _apply(run.events, results)
        if finished:
            break
        died = _died(results, todo, running)  # the judge died or was stopped: the kata's side failed
        why = _why(run.code, run.killed, run.output)
        if died is None:
            if run.code not in (0, 1):
                first = next((results[s.number] for s in todo if not results[s.number].tests), None)
                if first is not None:
                    _unchecked(first, why, None)
            break
        _unchecked(died, why, running)
        if stop or not resume:
            break
        todo = [s for s in todo if s.number > died.step.number]
    return output


def _keep(store, checked: list[StepResult], before: dict) -> None:
    """Every step checked now that passed is kept, under the footprint it had before its checks ran, if it still
    has it (a file saved while the checks ran: checked again next time)."""
    store.look()
    for r in checked:
        if r.state == State.DONE and store.footprint(r.step) == before[r.step.number]:
            store.write(r.step, before[r.step.number], r.tests, r.seen, r.printed)
        elif r.state not in (State.DONE, State.UNKNOWN, State.UNCHECKED):  # checked afresh and failed: the latest word
            store.forget(r.step)


def _apply(events, results) -> tuple[dict | None, bool]:
    """A run's report events into the step results: (the check running when it ended, whether it finished)."""
    running, finished = None, False
    for e in events:
        kind = e.get("event")
        if kind == Event.COLLECTED:  # this run's checks per step (a second run after a fault counts afresh)
            counts: dict[int, int] = {}
            for t in e.get("tests", []):
                if t.get("step") in results:
                    counts[t["step"]] = counts.get(t["step"], 0) + 1
            for number, count in counts.items():
                results[number].expected = len(results[number].tests) + count
        elif kind == Event.RUNNING:
            running = e
        elif kind == Event.TEST:
            running = None
            if e.get("step") in results:
                results[e["step"]].tests.append(e)
        elif kind == Event.SEEN and e.get("step") in results and isinstance(e.get("values"), dict):
            results[e["step"]].seen.update(e["values"])
        elif kind == Event.FINISHED:
            finished = True
    return running, finished


def _died(results, todo, running) -> StepResult | None:
    """The step whose checks the judge was running when it ended, or else the first whose checks are not all in."""
    died = results.get((running or {}).get("step")) if running else None
    if died is None:
        died = next((r for r in results.values() if r.step in todo and (not r.tests or len(r.tests) < r.expected)), None)
    return died


def _why(code, killed, out) -> str:
    if killed:
        return f"the kata's checking process stopped answering and was stopped after {killed:.0f} s"
    tail = [line for line in out.strip().splitlines() if line.strip()][-2:]
    detail = f" ({' | '.join(tail)[:300]})" if tail else ""
    return f"the kata's checking process ended unexpectedly (exit code {code}){detail}"


def _unchecked(r: StepResult, why: str, running) -> None:
    from kata.judge.feedback import KataFault

    fb = KataFault(why)
    name = (running or {}).get("nodeid", "").split("::")[-1] or "checks"
    r.tests.append({"event": "test", "step": r.step.number, "name": name, "nodeid": (running or {}).get("nodeid", ""),
                    "doc": "", "duration": None, "outcome": "failed", **fb.as_dict()})
    r.expected = max(r.expected, len(r.tests) + 1)  # never complete: its other checks did not run
