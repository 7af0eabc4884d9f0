"""`python -m kata dev shards`: the figures of a class graded in shards (docs/grading.md, *Grading a course*).

Makes COPIES solved copies (the kata's solutions, every step with checks), then runs, each as the instructor's
command in a process of its own and each with an empty cache (a machine of its own):

    prepare      python -m kata grade prepare --out P
    one run      python -m kata grade --submissions S                      KATA_PREPARED=P
    shards       python -m kata grade --submissions S --shard 1/2 and 2/2  KATA_PREPARED=P, then grade merge
    one copy     a class of one copy, graded alternately without and with KATA_PREPARED, twice each (the best
                 of each: the machine's load drifts; each time a fresh cache, as a fresh machine has)

The merged class files must be the one run's, byte for byte (and each learner's reports, timings aside). Writes
bench/shards.json and bench/shards.md: seconds per copy with and without the preparation, and the hours 2,000
copies take on 1, 10 and 100 machines like this one, worked out from them. Nothing here is asserted by the tests
(selftest/test_class.py checks the same on a smaller class).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from kata.manifest import ROOT, step, steps

OUT = ROOT / "bench"
CLASS_FILES = ("grades.csv", "summary.md", "class.md", "class.csv", "class.png", "similar.md")
COURSE = 2000
MACHINES = (1, 10, 100)


LOADS: list = []  # the load average before each command (the machine is shared: its noise, said with the figures)


def _run(args: list[str], log: Path, **env) -> float:
    """Seconds the command took (it must succeed); its output goes to log."""
    if hasattr(os, "getloadavg"):
        LOADS.append(round(os.getloadavg()[0], 1))
    full = {**os.environ, "TF_CPP_MIN_LOG_LEVEL": "3", **env}
    for name in ("SHARD", "RESUME", "JOBS", "KATA_PREPARED", "SUBMISSIONS", "MIN_SCORE", "OUT"):
        if name not in env:
            full.pop(name, None)
    start = time.monotonic()
    with open(log, "w", encoding="utf-8") as f:
        code = subprocess.run([sys.executable, "-m", "kata", "grade", *args], cwd=ROOT, env=full, stdout=f,
                              stderr=subprocess.STDOUT).returncode
    seconds = time.monotonic() - start
    if code != 0:
        raise SystemExit(f"{' '.join(args)} exited with {code}: see {log}")
    return seconds


def _class(folder: Path, copies: int, only) -> list:
    graded = [s for s in (only or steps()) if s.test().exists() and s.solution().exists()]
    for i in range(1, copies + 1):
        exercises = folder / f"learner-{i:02d}" / "exercises"
        shutil.copytree(ROOT / "exercises", exercises, ignore=shutil.ignore_patterns("__pycache__"))
        for s in graded:
            shutil.copy2(s.solution(), exercises / s.exercise().name)
    return graded


def _without_timings(text: str) -> str:
    text = re.sub(r'"(duration|graded_at)": [^,\n]+', r'"\1": -', text)
    text = re.sub(r'(time|timestamp)="[^"]*"', r'\1="-"', text)
    return re.sub(r"graded \S+Z", "graded -", text)


def differences(one: Path, merged: Path) -> list[str]:
    """What differs between a run's grade folder and a merge's (timings aside)."""
    found = [name for name in CLASS_FILES if (one / name).read_bytes() != (merged / name).read_bytes()]
    for learner in sorted(p for p in one.iterdir() if p.is_dir()):
        for report in sorted(learner.iterdir()):
            theirs = merged / learner.name / report.name
            if not theirs.is_file() or _without_timings(report.read_text(encoding="utf-8")) != \
                    _without_timings(theirs.read_text(encoding="utf-8")):
                found.append(f"{learner.name}/{report.name}")
    return found


def measure(copies: int, work: Path, only=None) -> dict:
    subs, logs = work / "submissions", work / "logs"
    logs.mkdir(parents=True)
    graded = _class(subs, copies, only)
    chosen = ["--steps", ",".join(str(s.number) for s in graded)]
    cache = lambda name: str(work / f"cache-{name}")  # noqa: E731 - every run a machine of its own
    prepared = work / "prepared"
    print(f"{copies} solved copies, steps {chosen[1]}, one at a time (JOBS=1); logs in {logs}", flush=True)
    seconds = {"prepare": _run(["prepare", "--out", str(prepared), *chosen], logs / "prepare.log",
                               KATA_CACHE_DIR=cache("prepare"))}
    print(f"  prepare: {seconds['prepare']:.0f} s", flush=True)
    common = {"KATA_PREPARED": str(prepared)}
    seconds["one run"] = _run([*chosen, "--submissions", str(subs), "--out", str(work / "one")], logs / "one.log",
                              KATA_CACHE_DIR=cache("one"), **common)
    print(f"  one run: {seconds['one run']:.0f} s", flush=True)
    for i in (1, 2):
        seconds[f"shard {i}/2"] = _run([*chosen, "--submissions", str(subs), "--out", str(work / "merged"),
                                        "--shard", f"{i}/2"], logs / f"shard-{i}.log", KATA_CACHE_DIR=cache(f"shard{i}"),
                                       **common)
        print(f"  shard {i}/2: {seconds[f'shard {i}/2']:.0f} s", flush=True)
    _run(["merge", "--out", str(work / "merged")], logs / "merge.log")
    single = work / "single"
    _class(single, 1, only)
    for kind in ("not prepared", "prepared") * 2:
        n = sum(k.startswith(f"one copy, {kind}") for k in seconds) + 1
        name, env = f"one copy, {kind} #{n}", common if kind == "prepared" else {}
        seconds[name] = _run([*chosen, "--submissions", str(single), "--out", str(work / f"single-{n}-{kind[:3]}")],
                             logs / f"single-{n}-{kind[:3]}.log", KATA_CACHE_DIR=cache(f"single-{n}-{kind[:3]}"), **env)
        print(f"  {name}: {seconds[name]:.0f} s", flush=True)
    sizes = [len(json.loads((work / "merged" / f"shard-{i}-of-2" / "shard.json").read_text())["learners"]) for i in (1, 2)]
    return {"copies": copies, "steps": len(graded), "shard_sizes": sizes, "seconds": seconds, "loads": LOADS,
            "differences": differences(work / "one", work / "merged")}


def figures(m: dict) -> dict:
    """Per copy and per run: a least-squares line through the prepared runs (8, n1, n2 and 1 copies), seconds =
    per run + copies x per copy; what a shard without the preparation pays more, once (the best one-copy runs)."""
    s, (n1, n2) = m["seconds"], m["shard_sizes"]
    warm = min(v for k, v in s.items() if k.startswith("one copy, prepared"))
    cold = min(v for k, v in s.items() if k.startswith("one copy, not prepared"))
    points = [(m["copies"], s["one run"]), (n1, s["shard 1/2"]), (n2, s["shard 2/2"]), (1, warm)]
    mean_n = sum(n for n, _ in points) / len(points)
    mean_t = sum(t for _, t in points) / len(points)
    spread = sum((n - mean_n) ** 2 for n, _ in points)
    per_copy = sum((n - mean_n) * (t - mean_t) for n, t in points) / spread
    fixed = max(0.0, mean_t - per_copy * mean_n)
    extra = cold - warm
    hours = {str(k): {"prepared": round((s["prepare"] + fixed + math.ceil(COURSE / k) * per_copy) / 3600, 2),
                      "not prepared": round((fixed + extra + math.ceil(COURSE / k) * per_copy) / 3600, 2)}
             for k in MACHINES}
    return {"per_copy": round(per_copy, 1), "per_run": round(fixed, 1), "one_copy_prepared": round(warm, 1),
            "one_copy_not_prepared": round(cold, 1), "unprepared_extra": round(extra, 1), "hours_for_2000": hours}


def markdown(m: dict, f: dict) -> str:
    s = m["seconds"]
    same = "yes" if not m["differences"] else f"NO: {', '.join(m['differences'][:5])}"
    loads = m.get("loads") or []
    load = f"{min(loads)} to {max(loads)}" if loads else "unknown"
    lines = [f"Measured {time.strftime('%Y-%m-%d')} on this machine ({os.cpu_count()} cores, shared: load average "
             f"{load} at the commands' starts): {m['copies']} solved copies, {m['steps']} step(s), JOBS=1, each command "
             "on an empty cache.", "", "| figure | value |", "|---|---|",
             f"| make grade-prepare (once) | {s['prepare']:.0f} s |",
             f"| one run of the class, KATA_PREPARED | {s['one run']:.0f} s |",
             f"| shards 1/2 and 2/2 ({m['shard_sizes'][0]} and {m['shard_sizes'][1]} copies), KATA_PREPARED | "
             f"{s['shard 1/2']:.0f} s and {s['shard 2/2']:.0f} s |",
             f"| a class of one copy, with / without KATA_PREPARED (best of 2 each, interleaved) | "
             f"{f['one_copy_prepared']} s / {f['one_copy_not_prepared']} s ({f['unprepared_extra']:.0f} s more) |",
             f"| per copy / per run (a line through the four prepared runs) | {f['per_copy']} s / {f['per_run']} s |",
             f"| merged class files = one run's, byte for byte (reports: timings aside) | {same} |", "",
             f"{COURSE:,} copies on machines like this one (hours = prepare + per run + copies per machine x per copy; "
             "without the preparation, each shard pays its extra instead):", "",
             "| machines | hours, prepared once | hours, each shard prepares |", "|---:|---:|---:|"]
    for k, h in f["hours_for_2000"].items():
        lines.append(f"| {k} | {h['prepared']} | {h['not prepared']} |")
    return "\n".join(lines) + "\n"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m kata dev shards", description=__doc__.split("\n\n")[0])
    parser.add_argument("--copies", type=int, default=8)
    parser.add_argument("--steps", default=None, help="only these steps (1,4): a quick look, not the figure")
    parser.add_argument("--keep", action="store_true", help="keep the work folder (the runs' grade folders and logs)")
    args = parser.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="kata-shards-"))
    try:
        only = [step(part) for part in args.steps.split(",")] if args.steps else None
        m = measure(args.copies, work, only)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    f = figures(m)
    OUT.mkdir(exist_ok=True)
    (OUT / "shards.json").write_text(json.dumps({**m, "figures": f}, indent=1) + "\n", encoding="utf-8")
    (OUT / "shards.md").write_text(markdown(m, f), encoding="utf-8")
    print(markdown(m, f))
    return 0 if not m["differences"] else 1
