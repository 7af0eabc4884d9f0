"""`make bench`: the kata's speed figures, measured in one run on this machine.

Writes bench/results.json and bench/results.md (the table README shows). Seconds are wall-clock
times of whole commands (subprocesses, like a learner's), the best of REPEAT runs; the data load is
also timed inside its process (the `load_data` call alone: Python's start-up is not loading). The
targets are ratios between figures of the same run, because machines here are noisy. `make test` runs
on an empty cache, as in CI (it trains from scratch). Nothing here is asserted by the tests.

The learner's loop (make check, hint and watch as the kata goes on, in scratch copies: kata.dev.bench_loop)
comes first; `python -m kata dev bench --only loop` measures it alone (bench/results-loop.*). The checks of
single steps below run with --fresh: they measure checking, not the store of kept passes.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from kata.dev import bench_loop
from kata.manifest import ROOT, steps

OUT = ROOT / "bench"
POST_STEPS = ",".join(str(n) for n in range(1, 12))  # the batch figure grades the post's steps (12-14 train more)
REPEAT = 3  # best of three: a figure is what the machine can do, not its noise
TRAINING_REPEAT = 3  # a training takes 13-35 s here, and the machine is noisy: best of three of each kind
BATCH_REPEAT = 2  # a batch of 8 copies takes 3-5 min: best of two of each kind (a slow spell doubles a training's CPU time)

# Runs a command and prints the largest resident size (KiB) of any of its processes (pytest's workers included).
PEAK = """
import resource, subprocess, sys
code = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL).returncode
print(code, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
"""

LOAD = """
import json, time
t = time.perf_counter()
from kata.shared import imdb
imdb.load_data(num_words=10000)
print(json.dumps({"seconds": time.perf_counter() - t}))
"""

TRAIN = """
import json, sys, time
from kata.judge import oracle
oracle.quiet_tensorflow()
import keras
(x, y), (xv, yv) = oracle.split()
if sys.argv[1] == "plain":
    keras.utils.set_random_seed(oracle.SEED)
    model = keras.Sequential(oracle.layers())
    model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
else:
    from kata.shared import training
    model = training.spy_model()
t = time.perf_counter()
h = model.fit(x, y, epochs=40, batch_size=512, validation_data=(xv, yv), verbose=0)
print(json.dumps({"seconds": time.perf_counter() - t, "val_accuracy": h.history["val_accuracy"][-1]}))
"""


CHALLENGE = """
import json, time
from kata.judge import runner
from kata.manifest import step
start = time.monotonic()
r = runner.run(target="solutions", only=[step("improve")]).results[step("improve").number]
print(json.dumps({"seconds": time.monotonic() - start, "state": r.state, "accuracy": r.seen.get("public_accuracy"),
                  "improve_s": r.seen.get("seconds")}))
"""


def timed(cmd, env=None, cwd=ROOT) -> tuple[float, str]:
    full = {**os.environ, "PYTHONPATH": str(ROOT), "TF_CPP_MIN_LOG_LEVEL": "3", **(env or {})}
    start = time.perf_counter()
    proc = subprocess.run(cmd, cwd=cwd, env=full, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if proc.returncode not in (0, 1):
        raise RuntimeError(f"{' '.join(map(str, cmd))} failed:\n{proc.stdout[-2000:]}{proc.stderr[-2000:]}")
    return seconds, proc.stdout


def _batch(py, cache: dict, tmp: str) -> dict:
    """`make grade SUBMISSIONS=dir` on 8 copies with every step solved, one at a time and JOBS=2, each copy in
    its own sandbox (each copy trains its own step 8, as written)."""
    from kata.cli import classroom

    base = Path(tempfile.mkdtemp(dir=tmp))
    template = base / "template"
    classroom.build(template)
    subs = base / "submissions"
    subs.mkdir()
    for n in range(8):
        dest = subs / f"learner{n}"
        shutil.copytree(template, dest, symlinks=True)
        for s in steps():
            shutil.copy2(s.solution(), s.exercise(dest))
    out = {}
    for n in range(BATCH_REPEAT):  # interleaved, so that a slow spell of the machine hits both kinds
        for jobs in (1, 2):
            seconds, _ = timed([py, "-m", "kata", "grade", "--submissions", str(subs),
                                "--out", str(base / f"grade{jobs}-{n}"), "--jobs", str(jobs), "--steps", POST_STEPS], cache)
            out[f"batch_jobs{jobs}_s"] = min(seconds, out.get(f"batch_jobs{jobs}_s", seconds))
    return out


def best(measure) -> float:
    return min(measure() for _ in range(REPEAT))


def main(argv=None) -> int:
    import argparse

    parser = argparse.ArgumentParser(prog="python -m kata dev bench", description="the kata's speed figures")
    parser.add_argument("--only", choices=["loop"], help="only the learner's loop (bench/results-loop.*)")
    args = parser.parse_args(argv)
    py = sys.executable
    figures: dict = {}
    with tempfile.TemporaryDirectory(prefix="kata-bench-") as tmp:
        cache = {"KATA_CACHE_DIR": tmp}
        figures["import_tensorflow_s"] = best(lambda: timed([py, "-c", "import tensorflow"])[0])
        figures.update(bench_loop.figures(py, timed, best, REPEAT, cache))
        if not args.only:
            _others(py, tmp, cache, figures)
    rows = []
    for name, value, op, limit in (bench_loop.targets(figures) if args.only else _targets(figures)):
        ok = value <= limit if op == "<=" else value >= limit if op == ">=" else value < limit
        rows.append({"figure": name, "value": round(value, 3), "target": f"{op} {limit}", "met": ok})
    _write(figures, rows, "results" + (f"-{args.only}" if args.only else ""))
    return 0


def _others(py, tmp, cache, figures) -> None:
    """Every figure but the loop's: the data, single checks, trainings, step 14, grading, the project's tests."""

    def load(cold: bool) -> tuple[float, float]:
        env = {"KATA_CACHE_DIR": tempfile.mkdtemp(dir=tmp)} if cold else cache  # cold: an empty cache
        command, out = timed([py, "-c", LOAD], env)
        return command, json.loads(out.strip().splitlines()[-1])["seconds"]

    load(cold=False)  # fills the shared cache
    for kind in ("cold", "warm"):
        runs = [load(kind == "cold") for _ in range(REPEAT)]
        figures[f"data_load_{kind}_s"] = min(call for _, call in runs)
        figures[f"data_load_{kind}_command_s"] = min(command for command, _ in runs)

    for n in (4, 7):  # step 4 imports TensorFlow (the learner's pad_sequences); step 7 needs only NumPy
        check = [py, "-m", "kata", "check", "--step", str(n), "--target", "solutions", "--fresh"]
        timed(check, cache)
        figures[f"check_done_step{n}_warm_s"] = best(lambda check=check: timed(check, cache)[0])

    def untrained() -> dict:
        """A cache with the reviews but no stored training (the kata stores every training it runs)."""
        folder = tempfile.mkdtemp(dir=tmp)
        base = Path(cache["KATA_CACHE_DIR"])
        for data in [*base.glob("imdb-*.npz"), *base.glob("judge/padded-*.npz")]:
            target = Path(folder) / data.relative_to(base)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(data, target)
        return {"KATA_CACHE_DIR": folder}

    trainings = {"plain": [], "kata": []}
    for _ in range(TRAINING_REPEAT):  # interleaved, so that a slow spell of the machine hits both kinds
        for kind in trainings:
            _, out = timed([py, "-c", TRAIN, kind], untrained())
            trainings[kind].append(json.loads(out.strip().splitlines()[-1]))
    for kind, runs in trainings.items():
        fastest = min(runs, key=lambda r: r["seconds"])
        figures[f"train_{kind}_s"], figures[f"train_{kind}_val_accuracy"] = fastest["seconds"], fastest["val_accuracy"]

    check8 = [py, "-m", "kata", "check", "--step", "8", "--target", "solutions", "--fresh"]
    cache = untrained()
    figures["check_train_step_cold_s"], _ = timed(check8, cache)
    figures["check_train_step_cached_s"] = best(lambda: timed(check8, cache)[0])
    check12 = [py, "-m", "kata", "check", "--step", "12", "--target", "solutions", "--fresh"]  # stored too
    figures["check_stop_step_cold_s"], _ = timed(check12, cache)
    figures["check_stop_step_cached_s"] = best(lambda: timed(check12, cache)[0])
    check13 = [py, "-m", "kata", "check", "--step", "13", "--target", "solutions", "--fresh"]
    figures["check_save_step_s"] = best(lambda: timed(check13, cache)[0])
    _, out = timed([py, "-c", CHALLENGE], cache)  # step 14 trains the learner's own model every time
    challenge = json.loads(out.strip().splitlines()[-1])
    if challenge["state"] != "done":
        raise RuntimeError(f"step 14's solution did not pass: {challenge}")
    figures["check_challenge_step_s"] = challenge["seconds"]
    figures["challenge_improve_call_s"] = challenge["improve_s"]
    figures["challenge_test_accuracy"] = challenge["accuracy"]

    figures.update(_batch(py, cache, tmp))

    empty = {"KATA_CACHE_DIR": tempfile.mkdtemp(dir=tmp)}  # as in CI: nothing trained, nothing cached
    make_test = [py, "-m", "pytest", "selftest", "-m", "not e2e", "-q", "-p", "no:randomly", "-n", "2"]
    figures["make_test_s"], out = timed([py, "-c", PEAK, *make_test], empty)
    code, peak = map(int, out.strip().splitlines()[-1].split())
    if code != 0:
        raise RuntimeError("make test failed: the figures of a failing suite mean nothing")
    figures["make_test_peak_mib"] = round(peak / 1024, 1)
    e2e = [py, "-m", "pytest", "selftest", "-m", "e2e", "-q", "-p", "no:randomly", "-n", "2", "--dist", "loadfile"]
    figures["make_test_e2e_s"], _ = timed(e2e, empty)


def _targets(f: dict) -> list:
    """(figure, value, op, limit): the loop's, then the others, as ratios of figures of the same run."""
    return [*bench_loop.targets(f),
        ("check of done step 4 (warm) / import tensorflow", f["check_done_step4_warm_s"] / f["import_tensorflow_s"],
         "<=", 1.5),
        ("check of done step 7 (warm) / import tensorflow", f["check_done_step7_warm_s"] / f["import_tensorflow_s"],
         "<=", 1.5),
        ("grading 8 solved copies: JOBS=2 / one at a time", f["batch_jobs2_s"] / f["batch_jobs1_s"], "<=", 0.6),
        ("data load warm / cold", f["data_load_warm_s"] / f["data_load_cold_s"], "<=", 0.2),
        ("kata training / plain Keras training", f["train_kata_s"] / f["train_plain_s"], "<=", 0.7),
        ("|val accuracy kata - plain|", abs(f["train_kata_val_accuracy"] - f["train_plain_val_accuracy"]), "<=", 0.005),
        ("check of an unchanged, passed training step / full training",
         f["check_train_step_cached_s"] / f["train_plain_s"], "<=", 0.25),
        ("check of an unchanged step 12 (early stopping) / full training",
         f["check_stop_step_cached_s"] / f["train_plain_s"], "<=", 0.25),
        ("check of step 13 (save, serve) / import tensorflow", f["check_save_step_s"] / f["import_tensorflow_s"], "<=", 2.0),
        ("step 14: the challenge solution's improve() call / its 180 s limit", f["challenge_improve_call_s"] / 180,
         "<=", 1.0),
        ("step 14: the challenge solution's test accuracy", f["challenge_test_accuracy"], ">=", 0.91),  # the top mark
        ("whole make test, empty cache (s)", f["make_test_s"], "<", 120),
        ("make test peak memory (MiB)", f["make_test_peak_mib"], "<", 2048),
        ("whole make test-e2e, empty cache (s, reported)", f["make_test_e2e_s"], "<", 600),
    ]




def _write(figures: dict, rows: list, name: str) -> None:
    OUT.mkdir(exist_ok=True)
    meta = {"date": time.strftime("%Y-%m-%d"), "cpus": os.cpu_count(), "python": sys.version.split()[0]}
    (OUT / f"{name}.json").write_text(json.dumps({"meta": meta, "figures": figures, "targets": rows}, indent=1) + "\n")
    lines = ["| figure | value | target | met |", "|---|---|---|---|"]
    lines += [f"| {r['figure']} | {r['value']} | {r['target']} | {'yes' if r['met'] else 'NO'} |" for r in rows]
    lines += ["", "| measurement | seconds (or as named) |", "|---|---|"]
    lines += [f"| {k} | {round(v, 3)} |" for k, v in figures.items()]
    (OUT / f"{name}.md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines))
