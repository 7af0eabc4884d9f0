"""`make grade SUBMISSIONS=dir`: a class's copies, each graded in a sandbox of its own.

For every learner folder in dir (one copy of the classroom template each):
- a fresh working copy of its exercises/ is made: regular files only; links, devices, FIFOs and the
  like are listed in the report, never followed;
- the instructor's pristine checks (tests/, kata/, hidden checks) grade it; the copy's own checks are
  only compared with them (integrity);
- its learner processes run in the strict sandbox (kata.judge.sandbox): they see the Python environment,
  the kata runtime, the data and that working copy, read only; a private scratch; no network, no other
  process; nothing of solutions/, other copies, the instructor's cache, hidden checks or grade/;
- the grade is the judge's; flags (a learner file that imports the kata's judge, or names solutions/; a
  step-14 public accuracy too far above the private one) are for the instructor's eyes, not an automatic zero;
- steps 8 and 12 train in the copy's sandbox, as written, from a model seeded with the class's secret seed
  (kata.judge.seed): the judge compares the weights that come back with its own training of the same model
  with the same seed (trained once for the class), so weights shipped inside a copy, or a fit that lies
  about itself, earn nothing.

grades.csv grows row by row (Ctrl+C keeps every graded row; `--resume` skips them next time); a copy
that breaks grading is an error row, never the end of the batch; `--jobs n` grades n copies at once.
When the batch ends, the class's files are written from what is on disk (kata.judge.classfiles: grades.csv in
learner order, summary.md, class.md/.csv/.png, similar.md), and each copy's messages name its files as
exercises/..., never by the temporary folder it was graded in: the same copies give the same files.
`--shard i/N` grades only the copies of that shard, into grade/shard-i-of-N/ (kata.judge.shards).
"""

from __future__ import annotations

import csv
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
from concurrent.futures import ThreadPoolExecutor, as_completed
from pathlib import Path

from kata.judge import integrity as integ
from kata.judge import fingerprint, seed, shards
from kata.judge.classfiles import columns, finish
from kata.judge.copies import flags_of, learner_folders, safe_folder_name, working_copy
from kata.judge.reports import mark_label, print_grade, rel, write_reports
from kata.judge.scoring import GradingError, grade, threshold
from kata.manifest import ROOT, steps


def threads_per_copy(jobs: int) -> int:
    """The cores each copy's processes may use when `jobs` copies are graded at once."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    return max(1, cores // max(1, jobs))


def thread_limits(jobs: int) -> dict:
    """TensorFlow's and the BLAS libraries' thread pools sized to a copy's share of the cores: two trainings
    that each spread over every core spend their time waiting for each other. A training's numbers do not
    depend on it (measured: step 8's weights are the same bytes with 1 and 2 threads). And as each copy
    has 1/JOBS of the machine, its time limits are JOBS times as long: the same code gets the same grade
    whatever JOBS is (a call that needs 2 minutes of a whole machine still fits a 3-minute limit)."""
    from kata.manifest import timeout_scale

    n = str(threads_per_copy(jobs))
    return {"TF_NUM_INTRAOP_THREADS": n, "TF_NUM_INTEROP_THREADS": n, "OMP_NUM_THREADS": n,
            "OPENBLAS_NUM_THREADS": n, "MKL_NUM_THREADS": n, "KATA_TIMEOUT_SCALE": str(timeout_scale() * max(1, jobs))}


def _batch_env(sandboxed: bool, jobs: int) -> dict:
    """What every copy's run has in common (the batch's judge is started with it)."""
    return {"KATA_SANDBOX": "strict" if sandboxed else "off", "KATA_SEED": seed.of_class(), **thread_limits(jobs)}


PREPARE = "from kata.datasets import imdb\nimdb.load_data(num_words=10000)\n"  # the post's load (step 1)


def prepared_data(folder: Path) -> list[Path]:
    """The post's data prepared once for the whole batch, by the kata's own loader in a process of its own:
    each copy's private cache starts with a copy of it, so its learner processes load it warm. It holds the
    public IMDB files every learner process reads anyway; step 14's learner processes, which must not see
    the test labels, have a scratch of their own. Nothing when it cannot be made (each copy then prepares it)."""
    env = {**os.environ, "KATA_CACHE_DIR": str(folder), "TF_CPP_MIN_LOG_LEVEL": "3",
           "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
    try:
        subprocess.run([sys.executable, "-c", PREPARE], cwd=ROOT, env=env, stdin=subprocess.DEVNULL,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=600, check=False)
    except (OSError, subprocess.SubprocessError):
        return []
    return sorted(p for p in folder.glob("imdb-*.npz") if p.is_file() and not p.is_symlink())


def _environment(work: Path, exercises: Path, sandboxed: bool, jobs: int = 1, prepared=()) -> dict:
    scratch = work / "scratch"
    scratch.mkdir()
    env = _batch_env(sandboxed, jobs)
    if sandboxed and prepared:  # the sandbox's cache (kata.judge.sandbox: KATA_CACHE_DIR) starts with the data
        try:
            (scratch / "cache").mkdir()
            for path in prepared:
                shutil.copyfile(path, scratch / "cache" / path.name)  # a copy: what a copy writes stays its own
        except OSError:  # a full disk: the copy prepares the data itself
            pass
    if sandboxed:
        env.update(KATA_SANDBOX_SCRATCH=str(scratch), KATA_SANDBOX_EXERCISES=str(exercises))
    return env


def grade_copy(name: str, copy: Path | None, out: Path, *, only, extra_tests, pristine: dict, sandboxed: bool,
               jobs: int = 1, judges=None, prepared=()) -> tuple[dict, object]:
    """One learner's row (and Grade), never raising: a copy that breaks grading is an error row."""
    row: dict = {"learner": name, "status": "error", "integrity": "", "flags": "",
                 "sandbox": "strict" if sandboxed else "none"}
    if copy is None:
        row["error"] = "no exercises/ folder in this submission"
        return row, None
    work = Path(tempfile.mkdtemp(prefix="kata-copy-"))
    spare = None
    try:
        exercises, skipped = working_copy(copy, work)
        check = integ.compare(pristine, integ.snapshot(copy), "pristine")
        flags = flags_of(exercises, skipped)
        row.update(integrity="ok" if check.ok else check.describe(), flags="; ".join(flags))
        env = _environment(work, exercises, sandboxed, jobs, prepared)
        spare = judges.spare(env) if judges is not None else None
        g = grade(exercises, only=only, extra_tests=extra_tests, integrity=check, learner=name, env=env, spare=spare)
        g.flags, g.sandbox = [*flags, *g.flags], row["sandbox"]  # the copy's files', then the checks' own
        g.target = f"{name}/exercises"
        _without_paths(g, work)
        write_reports(g, out / safe_folder_name(name))
        fingerprint.keep(out / safe_folder_name(name), exercises, g)
        row.update({"status": g.status if not g.error else "error", "error": g.error or "", "score": g.score,
                    "flags": "; ".join(g.flags), "challenge_public_accuracy": _blank(g.challenge_public_accuracy),
                    "max_score": g.max_score, **{sg.step.slug: sg.score for sg in g.steps},
                    "challenge_accuracy": _blank(g.challenge_accuracy),
                    "marks": "; ".join(mark_label(m) for m in g.marks if m["reached"]), "extra_score": g.extra_score})
        return row, g
    except GradingError as exc:
        row["error"] = str(exc)
        return row, None
    except Exception as exc:  # noqa: BLE001 - one copy never ends the batch
        row["error"] = f"grading this copy failed ({type(exc).__name__}: {str(exc)[:200]})"
        return row, None
    finally:
        if spare is not None:
            spare.close()
        shutil.rmtree(work, ignore_errors=True)


def _blank(value):
    return "" if value is None else value


def _without_paths(g, work: Path) -> None:
    """The copy's messages name its files as exercises/NN_name.py, not by the temporary folder it was graded in
    (a report says the same whatever machine or run graded it)."""
    prefix = str(work) + os.sep
    g.error = g.error.replace(prefix, "") if g.error else g.error
    for sg in g.steps:
        sg.reason = sg.reason.replace(prefix, "")
        for t in sg.tests:
            if isinstance(t.get("message"), str):
                t["message"] = t["message"].replace(prefix, "")


def grade_submissions(submissions: Path, out: Path, *, only=None, extra_tests=(), min_score=None, verbose=False,
                      jobs: int = 1, resume: bool = False, sandboxed: bool = True, shard=None) -> int:
    """Grade every learner folder of submissions into out (shard: only the copies of that shard, kata.judge.shards)."""
    learners = _class_of(submissions, sandboxed)
    wanted = list(only or steps())
    mine = [(n, c) for n, c in learners if shard is None or shard.holds(n)]
    record = _shard_record(out, shard, wanted, extra_tests, learners, mine, resume) if shard is not None else None
    csv_path = out / "grades.csv"
    done = _graded(csv_path) if resume else {}
    todo = [(n, c) for n, c in mine if n not in done]
    part = f"shard {shard.spec}: {len(todo)} of the {len(learners)}" if shard is not None else f"{len(todo)}"
    _say_start(part, submissions, sandboxed, len(done), jobs)
    batch = _Batch(out, wanted, extra_tests, sandboxed, jobs, verbose, list(done.values()))
    try:
        batch.run(todo, Rows(csv_path, columns(wanted), append=bool(done)))
    finally:
        for problem in finish(out, wanted):
            print(f"  ❗ the class's files: {problem}")
    graded = {r["learner"] for r in batch.rows}
    if record is not None:
        shards.write(out, {**record, "finished": not batch.stopped and all(n in graded for n, _ in mine)})
    print(f"Reports: {rel(csv_path)} · {rel(out / 'summary.md')} · {rel(out / 'class.md')} · {rel(out)}/<learner>/")
    if batch.stopped:
        raise GradingError(batch.stopped)
    if mine and not any("score" in r for r in batch.rows):
        raise GradingError("no learner folder could be graded.")
    return _below(batch.rows, min_score)


def _say_start(part: str, submissions: Path, sandboxed: bool, done: int, jobs: int) -> None:
    mode = "in a sandbox each" if sandboxed else "WITHOUT a sandbox (--no-sandbox): their code runs as you"
    print(f"Grading {part} learner folder(s) in {submissions} with the checks of {ROOT}, {mode}"
          + (f", {done} already graded" if done else "") + (f", {jobs} at a time" if jobs > 1 else ""))


def _class_of(submissions: Path, sandboxed: bool) -> list:
    """The class's learner folders, once grading them can start (GradingError when it cannot)."""
    from kata.judge import sandbox

    if not submissions.is_dir():
        raise GradingError(f"SUBMISSIONS={submissions} is not a folder.")
    learners = learner_folders(submissions)
    if not learners:
        raise GradingError(f"SUBMISSIONS={submissions} has no learner folders.")
    if sandboxed and sandbox.available() is not None:
        raise GradingError(f"{sandbox.available()}. Learners' code is graded in a sandbox; to grade without one "
                           "(their code then runs as you), pass --no-sandbox (NO_SANDBOX=1).")
    return learners


def _shard_record(out: Path, shard, wanted, extra_tests, learners, mine, resume: bool) -> dict:
    """The shard's shard.json, written before its first copy (finished: false until the end)."""
    record = shards.record(shard, shards.graded_with(wanted, extra_tests), shards.the_class(learners),
                           [(n, safe_folder_name(n)) for n, _ in mine], finished=False)
    if resume:
        shards.resumable(out, record)
    shards.write(out, record)
    return record


def _below(rows, min_score) -> int:
    if min_score is None:
        return 0
    below = [r["learner"] for r in rows if "score" not in r or float(r["score"]) < threshold(min_score, r.get("max_score"))]
    if below:
        print(f"Below MIN_SCORE={min_score}: {', '.join(below)}")
        return 1
    return 0


class _Batch:
    """One batch: its shared judge and prepared data, the copies graded JOBS at a time, the rows as they come."""

    def __init__(self, out, wanted, extra_tests, sandboxed, jobs, verbose, rows):
        self.out, self.wanted, self.extra_tests, self.sandboxed = out, wanted, extra_tests, sandboxed
        self.jobs, self.verbose, self.rows = max(1, jobs), verbose, rows
        self.lock, self.stopped = threading.Lock(), None
        self.pristine = integ.snapshot(ROOT)

    def run(self, todo, writer) -> None:
        from kata.judge.judges import Judges
        from kata.shared.platform import portable, use_fork

        # one judge start-up for the whole batch: it forks (Linux) and hands out descriptors (not on the portable path)
        judges = Judges(env=_batch_env(self.sandboxed, self.jobs)) if todo and use_fork() and not portable() else None
        data = Path(tempfile.mkdtemp(prefix="kata-data-"))
        try:
            wants_data = todo and self.sandboxed and any(s.number == 1 for s in self.wanted)
            prepared = prepared_data(data) if wants_data else []
            self._grade_all(todo, writer, judges, prepared)
        finally:
            if judges is not None:
                judges.close()
            shutil.rmtree(data, ignore_errors=True)
            writer.close()

    def _grade_all(self, todo, writer, judges, prepared) -> None:
        with ThreadPoolExecutor(max_workers=self.jobs) as pool:
            futures = {pool.submit(grade_copy, name, copy, self.out, only=self.wanted, extra_tests=self.extra_tests,
                                   pristine=self.pristine, sandboxed=self.sandboxed, jobs=self.jobs, judges=judges,
                                   prepared=prepared): name for name, copy in todo}
            try:
                for future in as_completed(futures):
                    self.finish(writer, *future.result())
                    if self.stopped is None and integ.snapshot(ROOT) != self.pristine:
                        self.stopped = ("the instructor's own checks changed during the batch: restore them (git status) "
                                        "and grade again")
                        for f in futures:
                            f.cancel()
            except KeyboardInterrupt:
                for f in futures:
                    f.cancel()
                raise

    def finish(self, writer, row, g) -> None:
        with self.lock:
            writer.add(row)
            self.rows.append(row)
            print(_row_line(row), flush=True)
            if self.verbose and g is not None:
                print_grade(g, [])


def _row_line(row) -> str:
    who = re.sub(r"[\x00-\x1f\x7f]", lambda m: f"\\x{ord(m.group()):02x}", row["learner"])  # one line per learner
    if "score" not in row:
        return f"  {who}: error: {row['error']}"
    line = f"  {who}: {row['score']}/{row['max_score']}"
    line += "  ⛔ modified check files (not used)" if row["integrity"] != "ok" else ""
    line += f"  ⚑ {row['flags']}" if row["flags"] else ""
    line += f"  ❗ {row['error']}" if row["error"] else ""
    return line


class Rows:
    """grades.csv, one row written (and flushed) as soon as a learner is graded."""

    def __init__(self, path: Path, fields: list[str], append: bool):
        new = not append or not path.exists()
        self.file = open(path, "w" if new else "a", newline="", encoding="utf-8")  # noqa: SIM115
        self.writer = csv.DictWriter(self.file, fieldnames=fields, extrasaction="ignore")
        if new:
            self.writer.writeheader()
            self.file.flush()

    def add(self, row: dict) -> None:
        self.writer.writerow(row)
        self.file.flush()
        os.fsync(self.file.fileno())

    def close(self) -> None:
        self.file.close()


def _graded(path: Path) -> dict:
    """Learners already graded in an earlier run (rows that are not errors), by name."""
    try:
        with open(path, newline="", encoding="utf-8") as f:
            return {r["learner"]: r for r in csv.DictReader(f) if r.get("status") in ("pass", "fail")}
    except (OSError, csv.Error, KeyError):
        return {}


def main_submissions(args, out: Path, only, extra, shard=None) -> int:
    jobs = int(args.jobs or 1)
    return grade_submissions(Path(args.submissions).expanduser().resolve(), out, only=only, extra_tests=extra,
                             min_score=args.min_score, verbose=args.verbose, jobs=jobs, resume=args.resume,
                             sandboxed=not args.no_sandbox, shard=shard)

