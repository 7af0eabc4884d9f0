"""`make bench`'s figures of the learner's loop, measured in scratch copies of the kata (each its own `.kata/`, its
store of kept passes): how long a learner waits for `make check`, `make hint` and `make watch` as the kata goes on.

- a solved copy: every exercise is its solution, every step kept as passed;
- a copy at step 11: steps 1-10 solved and kept, step 11 wrong (the known mistake `offset`);
- a fresh copy: the stubs, nothing kept.
The time to feedback should depend on the step being changed, never on how far the learner is.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from pathlib import Path

from kata.manifest import ROOT, steps

COPY = ("kata", "exercises", "solutions", "tests", "hints", "pyproject.toml", "Makefile")
MISTAKE = ROOT / "selftest" / "mistakes" / "11_predict" / "offset.py"
LOOP_REPEAT = 5  # step 11's check with and without the kept steps 1-10 differ by little: more runs of each

# `make watch` after a save: its supervisor (Keras imported) and a spare judge ready, the file saved, then what
# watch does (the steps to check, the check, where the learner stands). Best of the repeats after a first one.
WATCH = """
import contextlib, io, json, shutil, sys, tempfile, time
from pathlib import Path
from types import SimpleNamespace
from kata.cli import watch
from kata.judge import runner
from kata.judge.supervisors import start_supervisor
from kata.manifest import step
s, repeat = step(int(sys.argv[1])), int(sys.argv[2])
args = SimpleNamespace(step=None, target="exercises", verbose=False, fresh=False)
exchange = Path(tempfile.mkdtemp(prefix="kata-exchange-"))
sup = start_supervisor(modules=watch.likely_imports(), exchange=exchange)
best, path = None, s.exercise()
for n in range(repeat + 1):
    spare = runner.Spare()
    spare.ready(timeout=120)
    kept = watch._kept("exercises")
    path.write_text(path.read_text() + f"\\n# saved {n}\\n")
    start = time.perf_counter()
    with contextlib.redirect_stdout(io.StringIO()) as out:
        watch.recheck(args, watch.to_recheck([str(path)], kept), supervisor=sup, spare=spare, exchange=exchange)
    seconds = time.perf_counter() - start
    assert "Next:" in out.getvalue() or "All" in out.getvalue(), out.getvalue()[-2000:]
    spare.close()
    best = seconds if best is None else min(best, seconds)  # the first run warms the supervisor up
sup.close()
shutil.rmtree(exchange, ignore_errors=True)
print(json.dumps({"seconds": best}))
"""


def copy(base: Path, name: str, solved=None, wrong=()) -> Path:
    """A scratch copy of the kata: the steps in `solved` (every step by default) are their solutions, those in
    `wrong` their solution followed by the known mistake (its functions replace the solution's), the others
    their stubs."""
    root = base / name
    for part in COPY:
        src = ROOT / part
        if src.is_dir():
            shutil.copytree(src, root / part, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(src, root / part)
    for s in steps():
        if solved is None or s.number in solved:
            shutil.copy2(s.solution(), s.exercise(root))
        elif s.number in wrong:
            s.exercise(root).write_text(s.solution().read_text() + "\n\n" + MISTAKE.read_text())
    return root


def figures(py, timed, best, repeat: int, cache: dict) -> dict:
    """The loop's figures (seconds): make check solved and at step 11, make hint in every state, make watch."""
    out = {}
    with tempfile.TemporaryDirectory(prefix="kata-bench-loop-") as tmp:
        solved, at11 = copy(Path(tmp), "solved"), copy(Path(tmp), "at11", range(1, 11), wrong=[11])
        fresh = copy(Path(tmp), "fresh", ())
        check = [py, "-m", "kata", "check"]
        for root in (solved, at11):
            timed(check, cache, cwd=root)  # the first check: every step checked (and kept)
        out["check_solved_kept_s"] = best(lambda: timed(check, cache, cwd=solved)[0])
        runs: dict = {"at_step11": [], "step11_only": [], "import_tensorflow": []}
        commands = {"at_step11": check, "step11_only": [*check, "--step", "11"],
                    "import_tensorflow": [py, "-c", "import tensorflow"]}
        for _ in range(LOOP_REPEAT):  # interleaved: a slow spell of the machine hits each
            for name, command in commands.items():
                runs[name].append(cpu(lambda command=command: timed(command, cache, cwd=at11)[0]))
        out["check_at_step11_s"], out["check_step11_only_s"] = (min(s for s, _ in runs[n]) for n in
                                                                ("at_step11", "step11_only"))
        for name, measured in runs.items():  # CPU time: what a busy machine's wall clock hides
            out[f"{'check_' if name != 'import_tensorflow' else ''}{name}_cpu_s"] = min(c for _, c in measured)
        hint = [py, "-m", "kata", "hint"]
        for name, root in (("fresh", fresh), ("at_step11", at11), ("solved", solved)):
            out[f"hint_{name}_s"] = best(lambda root=root: timed(hint, cache, cwd=root)[0])
        for n in (7, 4):  # step 7 needs only NumPy; step 4 imports TensorFlow (the learner's pad_sequences)
            _, said = timed([py, "-c", WATCH, str(n), str(repeat)], cache, cwd=solved)
            out[f"watch_save_step{n}_s"] = json.loads(said.strip().splitlines()[-1])["seconds"]
    return out


def cpu(run) -> tuple[float, float]:
    """(what run() returned: its wall-clock seconds, the CPU seconds of the processes it waited for)."""
    import resource

    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    seconds = run()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return seconds, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def targets(f: dict) -> list:
    """(figure, value, op, limit) of the loop's figures, as ratios to `import tensorflow` of the same run."""
    imp = f["import_tensorflow_s"]
    hint = max(f["hint_fresh_s"], f["hint_at_step11_s"], f["hint_solved_s"])
    return [
        ("make check, every step solved and unchanged / import tensorflow", f["check_solved_kept_s"] / imp, "<=", 1.0),
        ("make check at step 11 (1-10 kept) minus step 11's own check / import tensorflow",
         (f["check_at_step11_s"] - f["check_step11_only_s"]) / imp, "<=", 0.3),
        ("the same in CPU time / import tensorflow's CPU time",
         (f["check_at_step11_cpu_s"] - f["check_step11_only_cpu_s"]) / f["import_tensorflow_cpu_s"], "<=", 0.3),
        ("make hint, slowest of three states / import tensorflow", hint / imp, "<=", 0.1),
        ("make watch: re-check after saving step 7 (NumPy) / import tensorflow", f["watch_save_step7_s"] / imp, "<=", 0.3),
        ("make watch: re-check after saving step 4 / import tensorflow", f["watch_save_step4_s"] / imp, "<=", 0.5),
    ]
