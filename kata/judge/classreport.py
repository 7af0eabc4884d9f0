"""What the class misunderstood: grade/class.md, class.csv and class.png, counted from every learner's results.json.

Every failed check names its mistake (results.json: `key`, e.g. `pad.maxlen`; a check without a key of its own
names its kind: `crashed`, `timeout`). Per step: how many learners passed it, started it or not, and each mistake
with the learners who made it (a learner counts once per mistake, however many checks it failed), the checks it
failed and one example of what the checks said (the first learner's, in learner order; no name is given, so the
files can be shown to the class). A step the kata could not check for a learner counts for no one; a check that
failed because the step was not started is no mistake. The checks nobody passes (of those who started their step)
are listed, and "teach this next" picks the mistakes of at least TEACH_SHARE of the learners who started the step,
the most frequent first, with the kata's own explanation of each (kata/messages/en/).
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

from kata.judge.copies import safe_folder_name
from kata.shared import framing

MAX_RESULTS = 20_000_000  # bytes: one learner's results.json
TEACH_SHARE = 0.10  # a mistake worth teaching again: made by at least a tenth of those who started the step
TEACH_MAX = 5
PER_STEP = 5  # mistakes shown per step in class.md (class.csv has them all)
NOT_CHECKED = {"missing", "unknown", "unchecked"}  # the kata's side: counts for no one


@dataclass
class Mistake:
    key: str
    kind: str
    learners: int = 0
    checks: int = 0
    example: str = ""


@dataclass
class StepTally:
    number: int
    slug: str
    title: str
    graded: int = 0  # learners whose step was checked
    started: int = 0
    passed: int = 0
    mistakes: dict = field(default_factory=dict)  # key -> Mistake
    checks: dict = field(default_factory=dict)  # check name -> [passed, tried, hidden]

    def share(self, count: int) -> float:
        return count / self.started if self.started else 0.0

    def ranked(self) -> list[Mistake]:
        return sorted(self.mistakes.values(), key=lambda m: (-m.learners, -m.checks, m.key))


def results_of(out: Path, row: dict) -> dict | None:
    """A graded learner's results.json (None for an error row, or a file that is missing, too large or unreadable)."""
    if row.get("score") in (None, ""):
        return None
    path = out / safe_folder_name(row["learner"]) / "results.json"
    try:
        value = framing.read_json(path, MAX_RESULTS)  # a plain file, not a link, bounded in size and depth
    except framing.FramingError:
        return None
    return value if isinstance(value, dict) and isinstance(value.get("tests"), list) else None


def example(message) -> str:
    """A check's message as one short line (its first three lines)."""
    lines = [" ".join(line.split()) for line in str(message or "").splitlines() if line.strip()]
    text = " · ".join(lines[:3])
    return text if len(text) <= 280 else text[:279] + "…"


def tally(out: Path, rows: list[dict], wanted) -> tuple[list[StepTally], int, int]:
    """(per step tallies, learners counted, rows without results) from the learners' results.json, in row order."""
    steps = {s.slug: StepTally(s.number, s.slug, s.title_in("en")) for s in wanted}
    counted = missing = 0
    for row in rows:
        results = results_of(out, row)
        if results is None:
            missing += 1
            continue
        counted += 1
        _count(steps, results)
    return list(steps.values()), counted, missing


def _count(steps: dict, results: dict) -> None:
    states = {s.get("slug"): s.get("status") for s in results.get("steps") or [] if isinstance(s, dict)}
    tests: dict[str, list] = {}
    for t in results["tests"]:
        if isinstance(t, dict) and t.get("step") in steps:
            tests.setdefault(t["step"], []).append(t)
    for slug, st in steps.items():
        state = states.get(slug)
        if state is None or state in NOT_CHECKED:
            continue
        st.graded += 1
        if state in ("not_started", "tampered"):
            continue
        st.started += 1
        st.passed += state == "done"
        seen: set = set()
        for t in tests.get(slug, []):
            mark = st.checks.setdefault(str(t.get("check")), [0, 0, bool(t.get("hidden"))])
            mark[1] += 1
            if t.get("status") == "pass":
                mark[0] += 1
                continue
            if t.get("kind") in ("not_started", "unchecked"):
                continue
            key = str(t.get("key") or t.get("kind") or "failed")
            m = st.mistakes.setdefault(key, Mistake(key, str(t.get("kind") or "")))
            m.checks += 1
            if key not in seen:
                seen.add(key)
                m.learners += 1
                m.example = m.example or example(t.get("message"))


def _pct(share: float) -> str:
    return f"{round(share * 100)} %"


def _md(text) -> str:
    """Text for a Markdown table cell: its own line, and <PAD> shown as written (not taken for HTML)."""
    return str(text).replace("|", "\\|").replace("\n", " ").replace("<", "&lt;")


def explanation(key: str) -> str:
    """The kata's own words for a mistake (what was checked, the likely cause), placeholders shown as …."""
    from kata.i18n import catalog

    words = catalog("en")
    parts = [("Checked: ", words.get(f"{key}.checked")),
             ("Likely cause: ", words.get(f"{key}.cause") or words.get(f"{key}.text"))]
    said = [label + re.sub(r"\{[^{}]*\}", "…", p).strip() for label, p in parts
            if isinstance(p, str) and p.strip()]
    text = " ".join(s if s.endswith((".", "…", "!", "?", ")")) else s + "." for s in said)
    return " ".join(text.split())


def teach_next(tallies: list[StepTally]) -> list[tuple[StepTally, Mistake]]:
    found = [(st, m) for st in tallies for m in st.mistakes.values() if st.started and st.share(m.learners) >= TEACH_SHARE]
    found.sort(key=lambda sm: (-sm[1].learners, -sm[0].share(sm[1].learners), sm[0].number, sm[1].key))
    return found[:TEACH_MAX]


def nobody_passes(tallies: list[StepTally]) -> list[tuple[StepTally, str, int, bool]]:
    return [(st, name, tried, hidden) for st in tallies for name, (passed, tried, hidden) in sorted(st.checks.items())
            if tried and not passed]


def markdown(tallies: list[StepTally], counted: int, missing: int) -> str:
    lines = ["## IMDB kata: what the class misunderstood", "",
             f"{counted} learner(s) counted" + (f" ({missing} without results: error rows)" if missing else "") + ". "
             "Shares are of the learners who started the step; a learner counts once per mistake. Each example is what "
             "the checks said to one learner, without saying whom.", ""]
    teach = teach_next(tallies)
    lines += ["### Teach this next", ""]
    lines += [f"{i}. **Step {st.number} · {_md(st.title)}: `{m.key}`**, {m.learners} of {st.started} "
              f"({_pct(st.share(m.learners))})." + (f" {_md(explanation(m.key))}" if explanation(m.key) else "")
              for i, (st, m) in enumerate(teach, 1)] \
        or [f"Nothing: no mistake was made by {_pct(TEACH_SHARE)} or more of those who started its step."]
    lines += ["", "### Step by step", "", "| Step | Passed | Started | Most common mistakes (learners) |",
              "|---|---:|---:|---|"]
    for st in tallies:
        top = " · ".join(f"`{_md(m.key)}` {m.learners}" for m in st.ranked()[:3]) or "-"
        passed = _pct(st.passed / st.graded if st.graded else 0)
        lines.append(f"| {st.number} · {_md(st.title)} | {st.passed} of {st.graded} ({passed}) | {st.started} | {top} |")
    for st in tallies:
        if not st.mistakes:
            continue
        lines += ["", f"#### Step {st.number} · {st.title}", "",
                  "| Mistake | Learners | Of started | Failed checks | Example |", "|---|---:|---:|---:|---|"]
        for m in st.ranked()[:PER_STEP]:
            lines.append(f"| `{_md(m.key)}` | {m.learners} | {_pct(st.share(m.learners))} | {m.checks} | {_md(m.example)} |")
        if len(st.mistakes) > PER_STEP:
            lines.append(f"| {len(st.mistakes) - PER_STEP} more in class.csv | | | | |")
    lines += ["", "### Checks nobody passes", ""]
    lines += [f"- Step {st.number} · `{_md(name)}`{' (hidden)' if hidden else ''}: 0 of {tried} who started the step"
              for st, name, tried, hidden in nobody_passes(tallies)] or ["None: every check was passed by someone."]
    return "\n".join(lines) + "\n"


CSV_FIELDS = ["step", "slug", "mistake", "kind", "learners", "share_of_started", "failed_checks", "step_graded",
              "step_started", "step_passed", "example"]


def csv_text(tallies: list[StepTally]) -> str:
    """One row per step and mistake (a step without mistakes: one row with no mistake), with its counts."""
    text = io.StringIO(newline="")
    writer = csv.DictWriter(text, fieldnames=CSV_FIELDS, lineterminator="\r\n")
    writer.writeheader()
    for st in tallies:
        common = {"step": st.number, "slug": st.slug, "step_graded": st.graded, "step_started": st.started,
                  "step_passed": st.passed}
        for m in st.ranked() or [Mistake("", "")]:
            writer.writerow({**common, "mistake": m.key, "kind": m.kind, "learners": m.learners, "failed_checks": m.checks,
                             "share_of_started": f"{st.share(m.learners):.4f}", "example": m.example})
    return text.getvalue()


def write(out: Path, rows: list[dict], wanted) -> None:
    """class.md, class.csv and class.png in out (class.png: kata.judge.heatmap)."""
    from kata.judge import heatmap
    from kata.judge.reports import publish

    tallies, counted, missing = tally(out, rows, wanted)
    publish(out / "class.md", markdown(tallies, counted, missing).encode("utf-8"))
    publish(out / "class.csv", csv_text(tallies).encode("utf-8"))
    publish(out / "class.png", heatmap.png(tallies, counted))
