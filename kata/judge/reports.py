"""What a grade is written as: a table for people, `results.json` for tools (Exercism's test-runner shape,
version 3, plus points; schema: docs/grading-schema.json), `junit.xml` for CI, `summary.md` for
$GITHUB_STEP_SUMMARY, and a batch's class summary."""

from __future__ import annotations

import json
import os
import re
import xml.etree.ElementTree as ET
from pathlib import Path

from kata.judge.scoring import Grade, integrity_consequence, num
from kata.shared.vocabulary import ERROR_KINDS, ICONS, REPORT_WORDS

RESULTS_VERSION = 3  # the Exercism test-runner interface version whose shape results.json follows


def mark_label(m: dict) -> str:
    """`14≥0.90`: a mark of step 14 at 0.90 (its measure's number, as the checks count it)."""
    return f"{m['step']}≥{m['at']:.2f}"


def marks_text(marks: list[dict]) -> str:
    """The marks for people: `step 14 accuracy 0.9136: ≥ 0.90 ✔, ≥ 0.91 ✗ (+1 extra)`, one part per step and measure."""
    parts = []
    groups: dict = {}
    for m in marks:
        groups.setdefault((m["step"], m["measure"]), []).append(m)
    for (step, measure), group in groups.items():
        value = group[0]["value"]
        shown = "-" if value is None else f"{value:.4f}"
        bars = ", ".join(f"≥ {m['at']:.2f} {'✔' if m['reached'] else '✗'}" for m in group)
        extra = sum(m["extra"] for m in group if m["reached"])
        parts.append(f"step {step} {measure} {shown}: {bars}" + (f" (+{num(extra)} extra)" if extra else ""))
    return "; ".join(parts)


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
                status = "error" if t.get("kind") in ERROR_KINDS else "fail"
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
        "challenge_public_accuracy": g.challenge_public_accuracy,
        "marks": [{**m, "at": num(m["at"]), "extra": num(m["extra"])} for m in g.marks],
        "extra_score": g.extra_score,
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
        if sg.marks:
            ET.SubElement(props, "property", name="marks", value=marks_text(sg.marks))
            ET.SubElement(props, "property", name="extra_score", value=str(sg.extra))
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
        case = ET.SubElement(suite, "testcase", classname="imdb-kata.judge.integrity",
                             name="the check files are the template's", time="0.000")
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
        lines += [f"> ⛔ **Integrity:** {_md(g.integrity.describe())}. {_md(integrity_consequence(g))}", ""]
    lines += ["| Step | Status | Points | Checks | Reason |", "|---:|---|---:|---:|---|"]
    for sg in g.steps:
        icon = ICONS.get(sg.state, "❌")
        lines.append(f"| {sg.step.number} · {_md(sg.step.title_in('en'))} | {icon} {REPORT_WORDS.get(sg.state, sg.state)} "
                     f"| {sg.score} / {sg.max_score} | {sg.passed}/{sg.checks} | {_md(_short(sg.reason, 120))} |")
    lines += [f"| | **Total** | **{g.score} / {g.max_score}** | | |", ""]
    if g.marks:
        lines += [f"**Marks:** {_md(marks_text(g.marks))} · extra credit: {g.extra_score}", ""]
    todo = [sg for sg in g.steps if sg.state != "done"]
    if todo:
        lines += ["<details><summary>What the checks said</summary>", ""]
        for sg in todo:
            failed = [t for t in sg.tests if t["outcome"] != "passed"]
            first = failed[0] if failed else None
            lines += [f"**Step {sg.step.number} · {sg.step.title_in('en')}** ({REPORT_WORDS.get(sg.state, sg.state)})", ""]
            if sg.state == "tampered":
                lines += [f"Not counted: {sg.reason}.", ""]
            if first and first.get("message"):
                lines += ["```", first["message"].strip(), "```", ""]
        lines += ["</details>", ""]
    integrity = g.integrity.describe() if g.integrity.checked else "not checked (not a classroom copy)"
    lines += [f"<sub>Partial credit per check · integrity: {_md(integrity)} · hidden check files: {g.hidden} · "
              f"graded {g.graded_at} · `{_md(g.target)}`</sub>", ""]
    return "\n".join(lines)


def publish(path: Path, data: bytes) -> None:
    """Write a report at once (a reader never sees half of it), readable as any file this user makes."""
    from kata.shared import cache

    cache.atomic_write(path, lambda f: f.write(data))
    mask = os.umask(0o022)
    os.umask(mask)
    os.chmod(path, 0o666 & ~mask)


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
        lines.append(f" {sg.step.number:>2}  {sg.step.title_in(lang):<{width}}  {REPORT_WORDS.get(sg.state, sg.state):<12} "
                     f"{points:>11}  {f'{sg.passed}/{sg.checks}':>6}  {_short(sg.reason, 70)}")
    lines.append(f"     {'Total':<{width}}  {'':<12} {f'{g.score}/{g.max_score}':>11}")
    if g.marks:
        lines.append(f"     Marks: {marks_text(g.marks)} · extra credit: {g.extra_score}")
    return "\n".join(lines)


def print_grade(g: Grade, paths, out=None):  # None: the current sys.stdout
    who = f" · learner {g.learner}" if g.learner else ""
    print(f"IMDB kata · grading {g.target}{who} (partial credit per check)", file=out)
    print(file=out)
    print(table(g), file=out)
    print(file=out)
    if g.integrity.checked:
        mark = "✔" if g.integrity.ok else "⛔"
        print(f"Integrity: {mark} {g.integrity.describe()}", file=out)
        if not g.integrity.ok:
            print(f"           {integrity_consequence(g)}", file=out)
    else:
        print(f"Integrity: {g.integrity.describe()}", file=out)
    if g.error:
        print(f"ERROR: {g.error}", file=out)
    if paths:
        print("Reports: " + " · ".join(rel(p) for p in paths), file=out)


def rel(p: Path) -> str:
    try:
        return str(Path(p).resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(p)


def class_summary(rows, wanted, notes=()) -> str:
    """The class's grades as a Markdown table (notes: lines said above it, e.g. the shards a merge lacks)."""
    head = ["Learner", *[str(s.number) for s in wanted], "Total", "Marks", "Integrity", "Flags"]
    lines = ["## IMDB kata: class grades", "", *[f"> ⚠ {_md(note)}" for note in notes], *([""] if notes else []),
             "| " + " | ".join(head) + " |", "|---" * len(head) + "|"]
    for r in rows:
        flags = "⚑ " + _md(r["flags"]) if r.get("flags") else ""
        if r.get("score") in (None, ""):
            cells = [_md(r["learner"]), *["" for _ in wanted], "error", "", _md(r.get("error", "")), flags]
        else:
            extra = r.get("extra_score")
            marks = _md(r.get("marks") or "") + (f" (+{extra})" if extra not in (None, "", 0, "0") else "")
            cells = [_md(r["learner"]), *[str(r.get(s.slug, "")) for s in wanted], f"{r['score']} / {r['max_score']}",
                     marks,
                     "ok" if r["integrity"] == "ok" else "⛔ " + _md(r["integrity"]), flags]
        lines.append("| " + " | ".join(cells) + " |")
    lines.append("")
    return "\n".join(lines)
