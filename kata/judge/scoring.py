"""Points for every step of one copy (`make grade`): each step graded on its own, with partial credit per check.

How points are given (docs/grading.md says the same for instructors):
- every step is graded on its own: its checks get correct inputs from the kata's reference pipeline, so a
  wrong step costs only its own points, and a step that hangs or crashes costs only its own;
- a step's points are split evenly over its checks (hidden checks included), in hundredths that add up exactly
  to the step's points; a step scores the shares of the checks it passes;
- a step whose checks did not all report, or whose report does not list exactly its checks, is "could not be
  checked" and scores nothing (the kata's side failed: grading exits 2);
- a step whose check file was modified scores 0, and every step scores 0 when a file that all checks rely on was
  modified (kata/, tests/conftest.py, pyproject.toml...): see kata.judge.integrity;
- a step's marks (kata/steps.toml: step 14's accuracy 0.90 and 0.91) are reached when the step is done and the
  number its checks measured is at least the mark; a reached mark's `extra` points are extra credit, counted
  apart from the score (extra_score), so that max_score and the score stay the steps' points;
- a check may raise a flag for the instructor (its seen value "flag": step 14's public accuracy too far above its
  private one), reported beside the grade (results.json and grades.csv flags), never a zero.
The reports are written by kata.judge.reports; a class's batch is kata.judge.batch.
"""

from __future__ import annotations

import ast
import time
from dataclasses import dataclass, field
from pathlib import Path

from kata.judge import integrity as integ
from kata.manifest import ROOT, Step, marks_of, step_of_file, steps, timeout_scale
from kata.shared.vocabulary import REPORT_WORDS, State


class GradingError(Exception):
    """Grading could not run (exit code 2). The message says why."""


def shares(points: float, checks: int) -> list[int]:
    """A step's points split over its checks, in hundredths that add up exactly to the points."""
    cents = round(points * 100)
    base, extra = divmod(cents, checks)
    return [base + (1 if i < extra else 0) for i in range(checks)]


def num(value: float):
    """5.0 -> 5, 3.75 -> 3.75 (for JSON and tables)."""
    value = round(float(value), 2)
    return int(value) if value == int(value) else value


@dataclass
class StepGrade:
    step: Step
    state: str  # a runner state (done, wrong, ...) or missing / tampered / unknown
    tests: list = field(default_factory=list)  # runner records, plus "cents", "max_cents", "hidden"
    reason: str = ""
    seen: dict = field(default_factory=dict)  # what the learner's code produced, as the judge measured it

    @property
    def max_score(self):
        return num(self.step.points)

    @property
    def score(self):
        return num(sum(t["cents"] for t in self.tests) / 100)

    @property
    def passed(self) -> int:
        return sum(t["outcome"] == "passed" for t in self.tests)

    @property
    def marks(self) -> list[dict]:
        """The step's marks ({step, measure, at, extra, value, reached}): reached only when the step is done."""
        done = self.state == "done" and self.tests and all(t["outcome"] == "passed" for t in self.tests)
        return marks_of(self.step, self.seen if self.state != "tampered" else {}, bool(done))

    @property
    def extra(self):
        return num(sum(m["extra"] for m in self.marks if m["reached"]))

    @property
    def checks(self) -> int:
        return len(self.tests)


@dataclass
class Grade:
    steps: list  # StepGrade, in step order
    integrity: integ.Integrity
    target: str
    learner: str | None = None
    error: str | None = None  # grading could not run (completely or for some steps)
    hidden: int = 0  # how many hidden check files were added
    output: str = ""  # pytest's own output (for --verbose)
    flags: list = field(default_factory=list)  # for the instructor's eyes (SUBMISSIONS mode): not a zero
    sandbox: str | None = None  # how the learner processes were isolated ("strict", "local", "none")
    graded_at: str = field(default_factory=lambda: time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()))

    @property
    def score(self):
        return num(sum(s.score for s in self.steps))

    @property
    def max_score(self):
        return num(sum(s.max_score for s in self.steps))

    @property
    def marks(self) -> list[dict]:
        """Every graded step's marks, in step order (kata/steps.toml), reached or not."""
        return [m for s in self.steps for m in s.marks]

    @property
    def extra_score(self):
        """Extra credit: the `extra` points of the reached marks, apart from score and max_score."""
        return num(sum(s.extra for s in self.steps))

    def _challenge(self, key: str) -> float | None:
        for sg in self.steps:
            value = sg.seen.get(key) if sg.step.name == "improve" and sg.state != "tampered" else None
            if isinstance(value, (int, float)) and not isinstance(value, bool):
                return round(float(value), 4)
        return None

    @property
    def challenge_accuracy(self) -> float | None:
        """The accuracy step 14 is graded on, as the judge counted it (also when below the bar), or None: on the
        instructor's private reviews with KATA_PRIVATE_REVIEWS, else on the 25,000 public test reviews."""
        return self._challenge("accuracy")

    @property
    def challenge_public_accuracy(self) -> float | None:
        """Step 14's accuracy on the 25,000 public test reviews, or None."""
        return self._challenge("public_accuracy")

    @property
    def status(self) -> str:
        if self.error:
            return "error"
        if self.integrity.ok and all(t["outcome"] == "passed" for s in self.steps for t in s.tests) \
                and all(s.state == "done" for s in self.steps):
            return "pass"
        return "fail"

    @property
    def message(self) -> str | None:
        parts = []
        if self.error:
            parts.append(f"Grading could not run completely: {self.error}")
        if self.integrity.checked and not self.integrity.ok:
            parts.append(f"INTEGRITY: the check files are not the template's ({self.integrity.describe()}). "
                         + integrity_consequence(self))
        return " ".join(parts) or None


def integrity_consequence(grade) -> str:
    if grade.integrity.basis == "pristine":
        return "They were not used: grading used the instructor's pristine checks."
    zeroed = [s.step.number for s in grade.steps if s.state == "tampered"]
    if not zeroed:
        return "No graded step depends on them."
    return (f"Step(s) {', '.join(map(str, zeroed))} score 0 until the original files are restored "
            f"(git checkout $(git rev-list --max-parents=0 HEAD) -- <file>).")


def extra_test_files(spec) -> list[Path]:
    """The instructor's hidden check files: one file, or every test_*.py in a folder (and below)."""
    if not spec:
        return []
    path = Path(spec).expanduser()
    if path.is_file():
        files = [path]
    elif path.is_dir():
        files = sorted(p for p in path.rglob("test_*.py") if "__pycache__" not in p.parts)
    else:
        raise GradingError(f"KATA_EXTRA_TESTS={spec}: no such file or folder.")
    for f in files:
        if step_of_file(f) is None:
            names = ", ".join(f"test_{s.slug}_<anything>.py" for s in steps()[:2])
            raise GradingError(f"{f.name}: cannot tell which step these hidden checks belong to. Name the file after its "
                               f"step, e.g. {names}.")
    if not files:
        raise GradingError(f"KATA_EXTRA_TESTS={spec}: no test_*.py file there.")
    return [f.resolve() for f in files]


def expected_checks(s: Step, root: Path, extra=()) -> set[str]:
    """The names of the checks of step s, read from its check files (the kata's and hidden ones) without
    running them: a step scores only when the judge reported exactly these."""
    names: set[str] = set()
    for path in [s.test(root), *(p for p in extra if step_of_file(p) == s)]:
        try:
            tree = ast.parse(Path(path).read_text(encoding="utf-8"))
        except (OSError, SyntaxError, ValueError):
            continue
        names.update(n.name for n in tree.body if isinstance(n, ast.FunctionDef) and n.name.startswith("test"))
    return names


def threshold(min_score, max_score) -> float:
    """MIN_SCORE as points: a number of points, or a percentage of max_score (`60%`)."""
    text = str(min_score).strip()
    if text.endswith("%"):
        return float(text[:-1]) * float(max_score or 0) / 100
    return float(text)


def outer_limit(todo, scale: float) -> float:
    """The runner's last-resort limit for one pytest process (a hang that pytest-timeout cannot stop)."""
    return 120 + 3 * scale * sum(s.timeout for s in todo)


def grade(target="exercises", *, only=None, extra_tests=(), root: Path = ROOT, integrity=None, learner=None,
          outer_timeout=None, env=None, spare=None) -> Grade:
    """Grade the given steps (all by default) of target's code with root's checks (spare: a judge ready for
    the first run, as a batch's Judges gives)."""
    from kata.judge import runner

    wanted = list(only or steps())
    folder = Path(target) if target not in ("exercises", "solutions") else Path(root) / target
    if not folder.is_dir():
        raise GradingError(f"{folder} is not a folder: there is no code to grade.")
    integrity = integrity if integrity is not None else integ.verify(root)
    extra = [Path(p) for p in extra_tests]
    runnable = [s for s in wanted if s.test(root).exists()]
    report = None
    if runnable:
        report = runner.run(target=str(target), only=runnable, stop=False, resume=True, extra_tests=extra, env=env,
                            root=root, spare=spare, outer_timeout=outer_timeout or outer_limit(runnable, timeout_scale(env)))
    problems: list[str] = []
    grades = [_graded_step(s, report, root, extra, problems) for s in wanted]
    _apply_integrity(grades, integrity)
    error = "; ".join(problems) or None
    if report is not None and any(g.state == State.UNKNOWN for g in grades):
        tail = [line for line in report.output.strip().splitlines() if line.strip()][-3:]
        error = (error or "") + ((" (pytest said: " + " | ".join(tail) + ")") if tail else "")
    return Grade(grades, integrity, str(target), learner, error, len(extra), report.output if report else "",
                 check_flags(grades))


def check_flags(grades) -> list[str]:
    """What the checks flagged for the instructor (a step's seen value "flag"), in step order; a tampered step's
    checks are not trusted, nor their flags."""
    return [sg.seen["flag"] for sg in grades if isinstance(sg.seen.get("flag"), str) and sg.state != State.TAMPERED]


def _graded_step(s: Step, report, root: Path, extra, problems: list) -> StepGrade:
    """One step's grade from the runner's report (problems: what kept it from being checked, for the error)."""
    if report is None or s.number not in report.results:
        rel = s.test(root).relative_to(root).as_posix()
        g = StepGrade(s, State.MISSING, reason=f"no checks: {rel} is missing")
        g.tests.append(_placeholder(s, g.reason))
        problems.append(f"step {s.number} has no check file ({rel})")
        return g
    r = report.results[s.number]
    g = StepGrade(s, r.state, seen=dict(r.seen))
    if not r.tests:
        g.state, g.reason = State.UNKNOWN, "its checks did not run"
        g.tests.append(_placeholder(s, "The checks of this step did not run."))
        problems.append(f"the checks of step {s.number} did not run")
        return g
    listed = _listed_as_expected(s, r, root, extra, problems)
    parts = shares(s.points, len(r.tests))
    own = f"tests/test_{s.slug}.py"  # a check from anywhere else is a hidden one (KATA_EXTRA_TESTS)
    for t, cents in zip(r.tests, parts):
        file = (t.get("nodeid") or "").split("::")[0]
        g.tests.append({**t, "max_cents": cents, "cents": cents if t["outcome"] == "passed" else 0,
                        "hidden": bool(extra) and file != own})
    g.reason = _reason(g, r)
    if r.state == State.UNCHECKED:  # the kata's side failed: no score for a step not fully checked
        g.state = State.UNCHECKED
        _zero(g)
        fault = next((t for t in r.tests if t.get("kind") == State.UNCHECKED), None)
        if fault is not None or listed:
            problems.append(f"step {s.number} could not be checked: "
                            + ((fault or {}).get("message") or "its checks did not all run").splitlines()[0])
    return g


def _listed_as_expected(s: Step, r, root: Path, extra, problems: list) -> bool:
    """Whether the judge's report lists exactly the step's checks (else the step could not be checked)."""
    reported = {t["name"].split("[")[0] for t in r.tests}
    wanted = expected_checks(s, root, extra)
    missing, unexpected = sorted(wanted - reported), sorted(reported - wanted)
    if not (missing or unexpected):
        return True
    if r.state != State.UNCHECKED:
        r.state = State.UNCHECKED
        problems.append(f"step {s.number}: the judge's report does not list its checks "
                        f"(missing {missing or '-'}, unexpected {unexpected or '-'})")
    return False


def _zero(g: StepGrade) -> None:
    for t in g.tests:
        t["cents"] = 0


def _apply_integrity(grades: list, integrity) -> None:
    """A learner's own copy whose check files changed: the steps they belong to (or every step, for files all
    checks rely on) score 0."""
    if not integrity.checked or integrity.basis != "checksums":
        return
    by_step = integrity.step_files()
    support = integrity.problem or integrity.support_files()
    for g in grades:
        tampered = by_step.get(g.step.number)
        if tampered or (support and g.state != State.MISSING):
            g.state = State.TAMPERED
            g.reason = f"check file changed: {', '.join(tampered)}" if tampered else "check support files changed"
            _zero(g)


def _placeholder(s: Step, message: str) -> dict:
    return {"step": s.number, "name": "checks", "nodeid": "", "doc": "the step's checks ran", "duration": None,
            "outcome": "failed", "kind": "error", "key": None, "message": message, "cents": 0,
            "max_cents": round(s.points * 100), "hidden": False}


def _reason(g: StepGrade, r) -> str:
    if g.state == "done":
        return ""
    fail = r.first_failure
    text = (fail["message"] if fail else "").strip()
    first = text.splitlines()[0] if text else REPORT_WORDS.get(State(g.state), str(g.state))
    return first
