"""`make grade`: points for every step, and reports for people (a table), CI (JUnit) and tools (JSON).

    python -m kata grade                          grade exercises/ of this copy into grade/
    python -m kata grade --submissions DIR        grade every learner folder in DIR (SUBMISSIONS=DIR), each in
                                                  a sandbox of its own (kata/judge/batch.py)
    options: --target DIR  --out DIR  --min-score N (MIN_SCORE)  --extra-tests PATH (KATA_EXTRA_TESTS)
             --steps 1,4   --verbose  --jobs N (JOBS)  --resume (RESUME=1)  --no-sandbox (NO_SANDBOX=1)

How points are given (docs/grading.md says the same for instructors):
- every step is graded on its own: its checks get correct inputs from the kata's reference pipeline,
  so a wrong step costs only its own points, and a step that hangs or crashes costs only its own;
- partial credit per check: a step's points are split evenly over its checks (the instructor's
  hidden checks for that step included), in hundredths that add up exactly to the step's points;
  a step scores the shares of the checks it passes. All checks pass: all the step's points.
- a hanging check is stopped by the step's time limit (pytest-timeout) and fails; if even that does
  not work, the runner kills the run 10 s past that limit (or past the whole run's outer limit), the
  step scores 0 (its other checks never ran) and grading goes on with the next step;
- a step whose check file was modified scores 0, and every step scores 0 when a file that all checks
  rely on was modified (kata/, tests/conftest.py, pyproject.toml...): see kata/integrity.py.

Exit code: 0 when grading ran (whatever the score), 1 under MIN_SCORE, 2 when grading could not run.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import sys
import time
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path

from kata.judge import integrity as integ
from kata.manifest import ROOT, Step, step_of_file, steps, timeout_scale

RESULTS_VERSION = 3  # the Exercism test-runner interface version whose shape results.json follows
STATUS_WORDS = {"done": "done", "not_started": "not started", "wrong": "wrong", "crashed": "crashed",
                "broken": "broken", "timeout": "timeout", "unknown": "not run", "missing": "no checks",
                "tampered": "tampered", "unchecked": "not checked"}
ICONS = {"done": "✅", "not_started": "⬜", "tampered": "⛔", "missing": "❔", "unknown": "❔", "unchecked": "❗"}
ERROR_KINDS = ("crashed", "broken", "timeout", "unchecked")  # the code failed to run, or the kata could not check: "error"


class GradingError(Exception):
    """Grading could not run (exit code 2). The message says why."""


# --- points ---------------------------------------------------------------------------------------

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
    def challenge_accuracy(self) -> float | None:
        """Step 14's test accuracy, as the judge counted it (also when below the bar), or None."""
        for sg in self.steps:
            value = sg.seen.get("accuracy") if sg.step.name == "improve" and sg.state != "tampered" else None
            if isinstance(value, (int, float)) and not isinstance(value, bool):
                return round(float(value), 4)
        return None

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
                         + _integrity_consequence(self))
        return " ".join(parts) or None


def _integrity_consequence(grade) -> str:
    if grade.integrity.basis == "pristine":
        return "They were not used: grading used the instructor's pristine checks."
    zeroed = [s.step.number for s in grade.steps if s.state == "tampered"]
    if not zeroed:
        return "No graded step depends on them."
    return (f"Step(s) {', '.join(map(str, zeroed))} score 0 until the original files are restored "
            f"(git checkout $(git rev-list --max-parents=0 HEAD) -- <file>).")


# --- grading one copy -----------------------------------------------------------------------------

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
    import ast

    names = set()
    for path in [s.test(root), *(p for p in extra if step_of_file(p) == s)]:
        try:
            tree = ast.parse(Path(path).read_text(encoding="utf-8"))
        except (OSError, SyntaxError, ValueError):
            continue
        names.update(n.name for n in tree.body if isinstance(n, ast.FunctionDef) and n.name.startswith("test"))
    return names


def outer_limit(todo, scale: float) -> float:
    """The runner's last-resort limit for one pytest process (a hang that pytest-timeout cannot stop)."""
    return 120 + 3 * scale * sum(s.timeout for s in todo)


def grade(target="exercises", *, only=None, extra_tests=(), root: Path = ROOT, integrity=None, learner=None,
          outer_timeout=None, env=None, spare=None) -> Grade:
    """Grade the given steps (all by default) of target's code with root's checks (spare: a judge ready for
    the first run, as a batch's runner.Judges gives)."""
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
    by_step = integrity.step_files() if integrity.checked else {}
    support = integrity.checked and integrity.basis == "checksums" and (integrity.problem or integrity.support_files())
    grades, problems = [], []
    for s in wanted:
        if report is None or s.number not in report.results:
            rel = s.test(root).relative_to(root).as_posix()
            g = StepGrade(s, "missing", reason=f"no checks: {rel} is missing")
            g.tests.append(_placeholder(s, g.reason))
            problems.append(f"step {s.number} has no check file ({rel})")
        else:
            r = report.results[s.number]
            g = StepGrade(s, r.state, seen=dict(r.seen))
            if not r.tests:
                g.state, g.reason = "unknown", "its checks did not run"
                g.tests.append(_placeholder(s, "The checks of this step did not run."))
                problems.append(f"the checks of step {s.number} did not run")
            else:
                reported = {t["name"].split("[")[0] for t in r.tests}
                wanted_checks = expected_checks(s, root, extra)
                missing, unexpected = sorted(wanted_checks - reported), sorted(reported - wanted_checks)
                if r.state != "unchecked" and (missing or unexpected):
                    r.state = "unchecked"
                    problems.append(f"step {s.number}: the judge's report does not list its checks "
                                    f"(missing {missing or '-'}, unexpected {unexpected or '-'})")
                parts = shares(s.points, len(r.tests))
                own = f"tests/test_{s.slug}.py"  # a check from anywhere else is a hidden one (KATA_EXTRA_TESTS)
                for t, cents in zip(r.tests, parts):
                    file = (t.get("nodeid") or "").split("::")[0]
                    g.tests.append({**t, "max_cents": cents, "cents": cents if t["outcome"] == "passed" else 0,
                                    "hidden": bool(extra) and file != own})
                g.reason = _reason(g, r)
                if r.state == "unchecked":  # the kata's side failed: no score for a step not fully checked
                    g.state = "unchecked"
                    for t in g.tests:
                        t["cents"] = 0
                    fault = next((t for t in r.tests if t.get("kind") == "unchecked"), None)
                    if fault is not None or not (missing or unexpected):
                        problems.append(f"step {s.number} could not be checked: "
                                        + ((fault or {}).get("message") or "its checks did not all run").splitlines()[0])
        tampered = by_step.get(s.number) if integrity.basis == "checksums" else None
        if tampered or (support and g.state != "missing"):
            g.state = "tampered"
            g.reason = f"check file changed: {', '.join(tampered)}" if tampered else "check support files changed"
            for t in g.tests:
                t["cents"] = 0
        grades.append(g)
    error = "; ".join(problems) or None
    if report is not None and any(g.state == "unknown" for g in grades):
        tail = [line for line in report.output.strip().splitlines() if line.strip()][-3:]
        error += (" (pytest said: " + " | ".join(tail) + ")") if tail else ""
    return Grade(grades, integrity, str(target), learner, error, len(extra), report.output if report else "")


def _placeholder(s: Step, message: str) -> dict:
    return {"step": s.number, "name": "checks", "nodeid": "", "doc": "the step's checks ran", "duration": None,
            "outcome": "failed", "kind": "error", "key": None, "message": message, "cents": 0,
            "max_cents": round(s.points * 100), "hidden": False}


def _reason(g: StepGrade, r) -> str:
    if g.state == "done":
        return ""
    fail = r.first_failure
    text = (fail["message"] if fail else "").strip()
    first = text.splitlines()[0] if text else STATUS_WORDS.get(g.state, g.state)
    return first


def _short(text: str, width: int = 80) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


# --- reports --------------------------------------------------------------------------------------

def results_json(g: Grade) -> dict:
    """The Exercism test-runner (v3) shape, plus points; documented in docs/grading-schema.json."""
    tests = []
    for sg in g.steps:
        for t in sg.tests:
            if t["outcome"] == "passed" and sg.state != "tampered":
                status, message = "pass", None
            else:
                status = "error" if t.get("kind") in (*ERROR_KINDS, "error") else "fail"
                message = t.get("message") or None
                if sg.state == "tampered":
                    status, message = "fail", f"Not counted: {sg.reason}." + (f"\n{message}" if message else "")
            doc = t.get("doc") or t["name"]
            tests.append({
                "name": f"{sg.step.slug} · {t['name']}: {doc}" if doc != t["name"] else f"{sg.step.slug} · {t['name']}",
                "task_id": sg.step.number,
                "status": status,
                "message": message,
                "output": None,
                "score": num(t["cents"] / 100),
                "max_score": num(t["max_cents"] / 100),
                "step": sg.step.slug,
                "check": t["name"],
                "kind": None if t["outcome"] == "passed" else t.get("kind"),
                "key": None if t["outcome"] == "passed" else t.get("key"),
                "duration": t.get("duration"),
                "hidden": bool(t.get("hidden")),
            })
    return {
        "version": RESULTS_VERSION,
        "status": g.status,
        "message": g.message,
        "score": g.score,
        "max_score": g.max_score,
        "tests": tests,
        "steps": [{
            "number": sg.step.number, "name": sg.step.name, "slug": sg.step.slug, "title": sg.step.title_in("en"),
            "status": sg.state, "score": sg.score, "max_score": sg.max_score, "checks": sg.checks,
            "passed": sg.passed, "reason": sg.reason or None,
        } for sg in g.steps],
        "integrity": g.integrity.as_dict(),
        "flags": list(g.flags),
        "challenge_accuracy": g.challenge_accuracy,
        "grading": {"target": g.target, "learner": g.learner, "graded_at": g.graded_at,
                    "partial_credit": "per check", "hidden_check_files": g.hidden, "sandbox": g.sandbox},
    }


_XML_BAD = re.compile("[^\u0009\u000a\u000d\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _x(text) -> str:
    return _XML_BAD.sub("", "" if text is None else str(text))


def junit_xml(g: Grade) -> ET.ElementTree:
    """One <testsuite> per step, one <testcase> per check (plus one for the integrity check)."""
    data = results_json(g)
    suites = ET.Element("testsuites", name="imdb-kata")
    totals = {"tests": 0, "failures": 0, "errors": 0, "time": 0.0}
    by_step: dict[int, list] = {}
    for t in data["tests"]:
        by_step.setdefault(t["task_id"], []).append(t)
    for sg in g.steps:
        cases = by_step.get(sg.step.number, [])
        fails = sum(t["status"] == "fail" for t in cases)
        errors = sum(t["status"] == "error" for t in cases)
        seconds = sum(t["duration"] or 0 for t in cases)
        suite = ET.SubElement(suites, "testsuite", name=f"{sg.step.slug} · {_x(sg.step.title_in('en'))}",
                              tests=str(len(cases)), failures=str(fails), errors=str(errors), skipped="0",
                              time=f"{seconds:.3f}", timestamp=g.graded_at)
        props = ET.SubElement(suite, "properties")
        for key, value in (("status", sg.state), ("score", sg.score), ("max_score", sg.max_score)):
            ET.SubElement(props, "property", name=key, value=str(value))
        for t in cases:
            case = ET.SubElement(suite, "testcase", classname=f"imdb-kata.{sg.step.slug}", name=_x(t["name"]),
                                 time=f"{t['duration'] or 0:.3f}")
            if t["status"] != "pass":
                tag = "error" if t["status"] == "error" else "failure"
                message = t["message"] or ""
                el = ET.SubElement(case, tag, message=_x(_short(message.splitlines()[0] if message else "", 200)),
                                   type=_x(t["kind"] or sg.state))
                el.text = _x(message)
        totals["tests"] += len(cases)
        totals["failures"] += fails
        totals["errors"] += errors
        totals["time"] += seconds
    if g.integrity.checked:
        suite = ET.SubElement(suites, "testsuite", name="integrity", tests="1", failures=str(int(not g.integrity.ok)),
                              errors="0", skipped="0", time="0.000", timestamp=g.graded_at)
        case = ET.SubElement(suite, "testcase", classname="imdb-kata.judge.integrity", name="the check files are the template's",
                             time="0.000")
        if not g.integrity.ok:
            el = ET.SubElement(case, "failure", message=_x(_short(g.integrity.describe(), 200)), type="tampered")
            el.text = _x(g.message)
        totals["tests"] += 1
        totals["failures"] += int(not g.integrity.ok)
    for key, value in totals.items():
        suites.set(key, f"{value:.3f}" if key == "time" else str(value))
    ET.indent(suites)
    return ET.ElementTree(suites)


def _md(text) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def summary_md(g: Grade) -> str:
    """Markdown for $GITHUB_STEP_SUMMARY (and for people)."""
    who = f" · {g.learner}" if g.learner else ""
    lines = [f"## IMDB kata{who}: {g.score} / {g.max_score} points", ""]
    if g.error:
        lines += [f"> ❗ **Grading could not run completely:** {_md(g.error)}", ""]
    if g.integrity.checked and not g.integrity.ok:
        lines += [f"> ⛔ **Integrity:** {_md(g.integrity.describe())}. {_md(_integrity_consequence(g))}", ""]
    lines += ["| Step | Status | Points | Checks | Reason |", "|---:|---|---:|---:|---|"]
    for sg in g.steps:
        icon = ICONS.get(sg.state, "❌")
        lines.append(f"| {sg.step.number} · {_md(sg.step.title_in('en'))} | {icon} {STATUS_WORDS.get(sg.state, sg.state)} "
                     f"| {sg.score} / {sg.max_score} | {sg.passed}/{sg.checks} | {_md(_short(sg.reason, 120))} |")
    lines += [f"| | **Total** | **{g.score} / {g.max_score}** | | |", ""]
    todo = [sg for sg in g.steps if sg.state != "done"]
    if todo:
        lines += ["<details><summary>What the checks said</summary>", ""]
        for sg in todo:
            failed = [t for t in sg.tests if t["outcome"] != "passed"]
            first = failed[0] if failed else None
            lines += [f"**Step {sg.step.number} · {sg.step.title_in('en')}** ({STATUS_WORDS.get(sg.state, sg.state)})", ""]
            if sg.state == "tampered":
                lines += [f"Not counted: {sg.reason}.", ""]
            if first and first.get("message"):
                lines += ["```", first["message"].strip(), "```", ""]
        lines += ["</details>", ""]
    integrity = g.integrity.describe() if g.integrity.checked else "not checked (not a classroom copy)"
    lines += [f"<sub>Partial credit per check · integrity: {_md(integrity)} · hidden check files: {g.hidden} · "
              f"graded {g.graded_at} · `{_md(g.target)}`</sub>", ""]
    return "\n".join(lines)


def write_reports(g: Grade, out: Path) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    paths = [out / "results.json", out / "junit.xml", out / "summary.md"]
    paths[0].write_text(json.dumps(results_json(g), indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    junit_xml(g).write(paths[1], encoding="utf-8", xml_declaration=True)
    paths[2].write_text(summary_md(g), encoding="utf-8")
    return paths


def table(g: Grade) -> str:
    """The grade as a plain-text table, for the terminal."""
    from kata import i18n

    lang = i18n.lang()
    width = max([len(sg.step.title_in(lang)) for sg in g.steps] + [5])
    lines = [f"  #  {'Step':<{width}}  {'Status':<12} {'Points':>11}  {'Checks':>6}  Reason"]
    for sg in g.steps:
        points = f"{sg.score}/{sg.max_score}"
        lines.append(f" {sg.step.number:>2}  {sg.step.title_in(lang):<{width}}  {STATUS_WORDS.get(sg.state, sg.state):<12} "
                     f"{points:>11}  {f'{sg.passed}/{sg.checks}':>6}  {_short(sg.reason, 70)}")
    lines.append(f"     {'Total':<{width}}  {'':<12} {f'{g.score}/{g.max_score}':>11}")
    return "\n".join(lines)


def _print_grade(g: Grade, paths, out=None):  # None: the current sys.stdout
    who = f" · learner {g.learner}" if g.learner else ""
    print(f"IMDB kata · grading {g.target}{who} (partial credit per check)", file=out)
    print(file=out)
    print(table(g), file=out)
    print(file=out)
    if g.integrity.checked:
        mark = "✔" if g.integrity.ok else "⛔"
        print(f"Integrity: {mark} {g.integrity.describe()}", file=out)
        if not g.integrity.ok:
            print(f"           {_integrity_consequence(g)}", file=out)
    else:
        print(f"Integrity: {g.integrity.describe()}", file=out)
    if g.error:
        print(f"ERROR: {g.error}", file=out)
    if paths:
        print("Reports: " + " · ".join(_rel(p) for p in paths), file=out)


def _rel(p: Path) -> str:
    try:
        return str(Path(p).resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(p)


def _class_summary(rows, wanted) -> str:
    head = ["Learner", *[str(s.number) for s in wanted], "Total", "Integrity", "Flags"]
    lines = ["## IMDB kata: class grades", "", "| " + " | ".join(head) + " |", "|---" * len(head) + "|"]
    for r in rows:
        flags = "⚑ " + _md(r["flags"]) if r.get("flags") else ""
        if r.get("score") in (None, ""):
            cells = [r["learner"], *["" for _ in wanted], "error", _md(r.get("error", "")), flags]
        else:
            cells = [r["learner"], *[str(r.get(s.slug, "")) for s in wanted], f"{r['score']} / {r['max_score']}",
                     "ok" if r["integrity"] == "ok" else "⛔ " + _md(r["integrity"]), flags]
        lines.append("| " + " | ".join(cells) + " |")
    lines.append("")
    return "\n".join(lines)


# --- command line ---------------------------------------------------------------------------------

def _threshold(min_score: str, max_score) -> float:
    text = str(min_score).strip()
    if text.endswith("%"):
        return float(text[:-1]) * float(max_score or 0) / 100
    return float(text)


def _only(spec):
    if not spec:
        return None
    from kata.manifest import step

    try:
        return [step(part) for part in re.split(r"[,\s]+", spec.strip()) if part]
    except KeyError as exc:
        raise GradingError(str(exc.args[0])) from None


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m kata grade", description="Grade every step with points.")
    parser.add_argument("--target", default=os.environ.get("KATA_TARGET", "exercises"),
                        help="whose code: exercises (default), solutions, or a folder")
    parser.add_argument("--submissions", default=os.environ.get("SUBMISSIONS") or None,
                        help="a folder with one sub-folder per learner (each a copy of the classroom template)")
    parser.add_argument("--out", default=None, help="where the reports go (default: grade/)")
    parser.add_argument("--min-score", default=os.environ.get("MIN_SCORE") or None,
                        help="exit with 1 under this many points (or a percentage: 60%%)")
    parser.add_argument("--extra-tests", default=os.environ.get("KATA_EXTRA_TESTS") or None,
                        help="hidden checks: a test_NN_name_*.py file or a folder of them")
    parser.add_argument("--steps", default=None, help="grade only these steps (1,4 or names)")
    parser.add_argument("--verbose", action="store_true", default=bool(os.environ.get("VERBOSE")))
    parser.add_argument("--jobs", default=os.environ.get("JOBS") or 1, help="SUBMISSIONS: grade this many copies at once")
    parser.add_argument("--resume", action="store_true", default=bool(os.environ.get("RESUME")),
                        help="SUBMISSIONS: keep grade/grades.csv and skip the learners it already has")
    parser.add_argument("--no-sandbox", action="store_true", default=bool(os.environ.get("NO_SANDBOX")),
                        help="SUBMISSIONS: grade without the sandbox (the learners' code then runs as you)")
    args = parser.parse_args(argv)
    for stream in (sys.stdout, sys.stderr):  # a console without ✔ or … must not stop a grading
        try:
            stream.reconfigure(errors="replace")
        except (AttributeError, ValueError):
            pass
    try:
        if args.min_score is not None:
            try:
                _threshold(args.min_score, 0)  # a bad value is an error now, not after grading
            except ValueError:
                raise GradingError(f"MIN_SCORE={args.min_score}: give a number of points, or a percentage like 60%.") from None
        only = _only(args.steps)
        extra = extra_test_files(args.extra_tests)
        out = Path(args.out) if args.out else ROOT / "grade"
        if args.out is None and out.exists() and not (args.submissions and args.resume):
            shutil.rmtree(out)  # grade/ holds only reports of the last grading
        if args.submissions:
            from kata.judge.batch import main_submissions

            out.mkdir(parents=True, exist_ok=True)
            return main_submissions(args, out, only, extra)
        target = args.target if args.target in ("exercises", "solutions") else str(Path(args.target).resolve())
        g = grade(target, only=only, extra_tests=extra)
    except GradingError as exc:
        print(f"make grade: could not grade: {exc}", file=sys.stderr)
        return 2
    paths = write_reports(g, out)
    if args.verbose:
        print(g.output)
    _print_grade(g, paths)
    if g.error:
        return 2
    if args.min_score is not None and g.score < _threshold(args.min_score, g.max_score):
        print(f"Score {g.score} is below MIN_SCORE={args.min_score}.")
        return 1
    return 0
