"""`make grade` (`python -m kata grade`): grade this copy, or a class's copies (SUBMISSIONS=dir, kata.judge.batch).

    python -m kata grade                          grade exercises/ of this copy into grade/
    python -m kata grade --submissions DIR        grade every learner folder in DIR, each in a sandbox of its own
    python -m kata grade --submissions DIR --shard 2/4   only the second of four shards, into grade/shard-2-of-4/
    python -m kata grade merge [FOLDERS...]       join the shards into grade/ (make grade-merge; kata.judge.merge)
    python -m kata grade prepare --out DIR        what every shard reuses, made once (make grade-prepare OUT=dir)
    options: --target DIR  --out DIR  --min-score N (MIN_SCORE)  --extra-tests PATH (KATA_EXTRA_TESTS)
             --steps 1,4   --verbose  --jobs N (JOBS)  --resume (RESUME=1)  --no-sandbox (NO_SANDBOX=1)
             --shard i/N (SHARD)    KATA_PREPARED=dir: reuse what `prepare` made (kata.judge.prepared)

Exit code: 0 when grading ran (whatever the score), 1 under MIN_SCORE, 2 when grading could not run.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import sys
from pathlib import Path

from kata import console
from kata.judge.reports import print_grade, write_reports
from kata.judge.scoring import GradingError, extra_test_files, grade, threshold
from kata.manifest import ROOT

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
    parser.add_argument("--shard", default=os.environ.get("SHARD") or None,
                        help="SUBMISSIONS: grade only shard i of N (i/N), into grade/shard-i-of-N/")
    for stream in (sys.stdout, sys.stderr):  # a console without ✔ or … must not stop a grading
        console.tolerant(stream)
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] in (["merge"], ["prepare"]):
        return _subcommand(argv[0], argv[1:])
    args = parser.parse_args(argv)
    try:
        if args.min_score is not None:
            try:
                threshold(args.min_score, 0)  # a bad value is an error now, not after grading
            except ValueError:
                raise GradingError(f"MIN_SCORE={args.min_score}: give a number of points, or a percentage like 60%.") \
                    from None
        only = _only(args.steps)
        extra = extra_test_files(args.extra_tests)
        shard = _shard(args)
        out = _out(args, shard)
        _reuse_prepared()
        if args.submissions:
            from kata.judge.batch import main_submissions

            out.mkdir(parents=True, exist_ok=True)
            return main_submissions(args, out, only, extra, shard)
        target = args.target if args.target in ("exercises", "solutions") else str(Path(args.target).resolve())
        g = grade(target, only=only, extra_tests=extra)
    except GradingError as exc:
        print(f"make grade: could not grade: {exc}", file=sys.stderr)
        return 2
    paths = write_reports(g, out)
    if args.verbose:
        print(g.output)
    print_grade(g, paths)
    if g.error:
        return 2
    if args.min_score is not None and g.score < threshold(args.min_score, g.max_score):
        print(f"Score {g.score} is below MIN_SCORE={args.min_score}.")
        return 1
    return 0


def _out(args, shard) -> Path:
    """Where the reports go, emptied first: grade/ (or --out), or a shard's own folder in it. A shard's run leaves
    grade/ and the other shards alone; RESUME=1 keeps what is there."""
    out = Path(args.out) if args.out else ROOT / "grade"
    if shard is not None:
        out = out / shard.folder
    if (args.out is None or shard is not None) and out.exists() and not (args.submissions and args.resume):
        shutil.rmtree(out)  # grade/ holds only reports of the last grading
    return out


def _shard(args):
    if not args.shard:
        return None
    from kata.judge import shards

    if not args.submissions:
        raise GradingError(f"SHARD={args.shard} grades a part of a class: give the class too (SUBMISSIONS=dir).")
    return shards.parse(args.shard)


def _reuse_prepared() -> None:
    """KATA_PREPARED=dir: the judge's cache starts with what `make grade-prepare` made (each file checked)."""
    from kata.shared import settings

    folder = settings.get("KATA_PREPARED")
    if folder:
        from kata.judge import prepared

        print(prepared.use(Path(folder).expanduser()))


def _subcommand(name: str, argv) -> int:
    """`grade merge` and `grade prepare`: exit 0 when done, 2 (with one sentence) when they could not be done."""
    parser = argparse.ArgumentParser(prog=f"python -m kata grade {name}", description=SUBCOMMANDS[name])
    if name == "merge":
        parser.add_argument("folders", nargs="*", help="shard folders (default: every grade/shard-i-of-N/)")
        parser.add_argument("--out", default=None, help="where the class's files go (default: grade/)")
        parser.add_argument("--min-score", default=os.environ.get("MIN_SCORE") or None,
                            help="exit with 1 when a learner is under this many points (or 60%%)")
    else:
        parser.add_argument("--out", default=os.environ.get("OUT") or None, help="the folder to make (OUT=dir)")
        parser.add_argument("--steps", default=None, help="only what grading these steps needs (1,4 or names)")
    args = parser.parse_args(argv)
    try:
        if name == "merge":
            from kata.judge import merge

            out = Path(args.out) if args.out else ROOT / "grade"
            return merge.merge(out, [Path(f) for f in args.folders], min_score=args.min_score)
        from kata.judge import prepared

        if not args.out:
            raise GradingError("say where to put it: make grade-prepare OUT=dir (then KATA_PREPARED=dir for each shard).")
        return prepared.prepare(Path(args.out).expanduser(), _only(args.steps))
    except GradingError as exc:
        print(f"make grade-{name}: {exc}", file=sys.stderr)
        return 2


SUBCOMMANDS = {"merge": "Join the shards of a class (grade/shard-i-of-N/) into grade/: grades.csv, the learners' folders, "
                        "summary.md, the class report and similar.md.",
               "prepare": "Make once what every shard reuses from the judge's cache (the reference training, the "
                          "padded data, the reference test results...): KATA_PREPARED=dir for each shard."}
