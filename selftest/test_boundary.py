"""The judge and the learner apart: what learner code can do to the checks, and what it cannot.

Learner code runs in a learner process of its own (kata.learner); the judge (pytest, the checks, the
report) never imports it and reads only data back. These tests try what a learner who wants points
without answers would try, and what a buggy exercise does by accident, and check that each is that
check's own verdict, with its own message, and that a fault of the kata's side is never a low score.
"""

from __future__ import annotations

import json
import os
import resource
import shutil
import time
from pathlib import Path

import pytest

from kata.cli import grade as grade_cli
from kata.judge import runner, scoring
from kata.judge.checking import Learner
from kata.judge.feedback import Feedback
from kata.manifest import ROOT, step

# OTHER and ANOTHER: steps graded beside a broken one, the cheapest (no data, no TensorFlow)
LOAD, OTHER, ANOTHER = step("load"), step("plot"), step("split")


def copy_with(tmp_path: Path, files: dict) -> Path:
    """exercises/ with the stubs, some steps solved (True) or replaced by the given source."""
    folder = tmp_path / "exercises"
    shutil.copytree(ROOT / "exercises", folder)
    for s, content in files.items():
        target = folder / s.exercise().name
        if content is True:
            shutil.copy2(s.solution(), target)
        else:
            target.write_text(content, encoding="utf-8")
    return folder


def verdict(tmp_path, s, source, name, *args, **env):
    """The Feedback a call of the learner's function `name` ends in (or its value)."""
    folder = tmp_path / f"v{len(list(tmp_path.iterdir()))}"
    folder.mkdir()
    (folder / s.exercise().name).write_text(source, encoding="utf-8")
    saved = {k: os.environ.get(k) for k in env}
    os.environ.update({k: str(v) for k, v in env.items()})
    try:
        return Learner(s, folder).run(name, args)
    except Feedback as fb:
        return fb
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


# --- the report is the judge's ----------------------------------------------------------------------

FORGER = r'''
import glob, json, os
# Write an all-passed report into every pipe of every kata process it can reach, then end the process.
record = {"event": "test", "step": 1, "name": "test_sizes", "nodeid": "x", "doc": "", "duration": 0, "outcome": "passed"}
lines = (json.dumps({"event": "collected", "tests": []}) + "\n" + json.dumps(record) + "\n"
         + json.dumps({"event": "finished", "exitstatus": 0}) + "\n")
for cmdline in glob.glob("/proc/[0-9]*/cmdline"):
    try:
        if b"kata.judge.plugin" not in open(cmdline, "rb").read():  # the judge
            continue
        for fd in glob.glob(cmdline.replace("cmdline", "fd/*")):
            if os.readlink(fd).startswith("pipe:"):
                with open(fd, "a") as f:
                    f.write(lines)
    except Exception:
        pass
print("tests/test_01_load.py::test_sizes PASSED")
print("4 passed in 0.1s")
os._exit(0)


def load_imdb():
    return None
'''

WRAPPER = r'''
import kata.judge.plugin as plugin

_real = plugin._emit


def _emit(config, record):  # wrap the report writer: every check "passed"
    if record.get("event") == "test":
        record = {**record, "outcome": "passed"}
    _real(config, record)


plugin._emit = _emit


def load_imdb():
    return ([], []), ([], [])
'''


@pytest.mark.e2e
def test_a_forged_report_and_a_wrapped_writer_earn_nothing(tmp_path):
    """Learner code that writes a report into every file descriptor it can reach and ends its process, or
    wraps the plugin's writer: the judge's report says what the judge saw."""
    for source in (FORGER, WRAPPER):
        folder = copy_with(tmp_path / str(len(source)), {LOAD: source, OTHER: True})
        g = scoring.grade(str(folder), only=[LOAD, OTHER])
        by = {sg.step.number: sg for sg in g.steps}
        assert by[LOAD.number].score == 0 and by[LOAD.number].state != "done", (source[:40], by[LOAD.number].state)
        assert by[OTHER.number].state == "done" and by[OTHER.number].score == OTHER.points
        assert g.error is None
    forged = [t for sg in g.steps for t in sg.tests if t.get("nodeid") == "x"]
    assert not forged


# --- each way of ending is that check's verdict ------------------------------------------------------

ENDINGS = {
    "raise KeyboardInterrupt": ("crashed", "generic.keyboard_interrupt"),
    "import sys; sys.exit(0)": ("crashed", "generic.sys_exit"),
    "exit(4)": ("crashed", "generic.sys_exit"),
    "import os; os._exit(3)": ("crashed", "generic.os_exit"),
    "import os, signal; os.kill(os.getpid(), signal.SIGSEGV)": ("crashed", "generic.signal"),
    "raise MemoryError": ("crashed", "generic.memory_error"),
}


@pytest.mark.parametrize("body", ENDINGS)
def test_each_way_of_ending_has_its_own_message(tmp_path, body):
    fb = verdict(tmp_path, LOAD, f"def load_imdb():\n    {body}\n", "load_imdb")
    assert isinstance(fb, Feedback), fb
    assert (fb.kind, fb.key) == ENDINGS[body], (fb.kind, fb.key, fb.render())
    assert "Traceback" not in fb.render()


REACH_OUT = r'''
import glob, os, signal, time

def load_imdb():
    """Stop or kill every kata process this call can see above it (its parent, the supervisor by its name)."""
    hit = []
    for sig in (signal.SIGSTOP, signal.SIGKILL):
        for pid in {os.getppid()}:
            try:
                os.kill(pid, sig)
                hit.append(pid)
            except OSError:
                pass
    for cmdline in glob.glob("/proc/[0-9]*/cmdline"):
        try:
            pid = int(cmdline.split("/")[2])
            if b"kata.learner.supervisor" in open(cmdline, "rb").read() and pid != os.getpid():
                os.kill(pid, signal.SIGSTOP)
                hit.append(cmdline)
        except (OSError, ValueError):
            pass
    time.sleep(1)
    return os.getpid()
'''


def test_the_supervisor_is_out_of_the_calls_reach(tmp_path):
    """A call that signals its parent and every supervisor it can find: its namespace holds nothing of the kata's
    to signal, its call returns, and the supervisor goes on to the next call."""
    from kata.learner.isolation import _unshare

    if not os.environ.get("CI") and os.fork() == 0:  # can this kernel give a call a namespace of its own?
        os._exit(0 if _unshare() else 1)
    elif not os.environ.get("CI"):
        _, status = os.wait()
        if os.waitstatus_to_exitcode(status) != 0:
            pytest.skip("no user namespaces here: the supervisor's watch is all that holds")
    result = verdict(tmp_path, LOAD, REACH_OUT, "load_imdb")
    assert not isinstance(result, Feedback), result.render()
    assert result.value == 2  # the call is PID 2 of its own namespace, under the kata's init
    again = verdict(tmp_path, LOAD, "def load_imdb():\n    return 'still here'\n", "load_imdb")
    assert not isinstance(again, Feedback) and again.value == "still here"


def test_an_exit_at_import_is_reported_as_such(tmp_path):
    fb = verdict(tmp_path, LOAD, "import sys\nsys.exit(2)\n\ndef load_imdb():\n    return 1\n", "load_imdb")
    assert (fb.kind, fb.key) == ("broken", "generic.exit_at_import")
    fb = verdict(tmp_path, LOAD, "raise KeyboardInterrupt\n\ndef load_imdb():\n    return 1\n", "load_imdb")
    assert fb.key == "generic.keyboard_interrupt"


def test_too_slow_is_not_out_of_memory(tmp_path, monkeypatch):
    monkeypatch.setenv("KATA_TIMEOUT_SCALE", str(2 / LOAD.timeout))  # a 2 s limit
    started = time.monotonic()
    fb = verdict(tmp_path, LOAD, "def load_imdb():\n    while True:\n        pass\n", "load_imdb")
    assert (fb.kind, fb.key) == ("timeout", "generic.timeout") and time.monotonic() - started < 30
    fb = verdict(tmp_path, LOAD, "def load_imdb():\n    import time\n    x = []\n    while True:\n"
                                 "        x.append(bytearray(50_000_000))\n        time.sleep(0.02)\n",
                 "load_imdb", KATA_MEMORY_MB=300)
    assert fb.key in ("generic.memory_killed", "generic.memory_error"), fb.key


def test_the_memory_watchs_quick_figure_is_an_upper_bound_of_the_private_pages():
    """The watch's quick figure (resident pages and swap) never says less than the private pages it stands for."""
    from kata.learner import processes as supervisor

    junk = bytearray(64 * 2**20)  # 64 MiB of private pages, touched
    mine = [os.getpid()]
    assert supervisor.resident_mb(mine) >= supervisor.private_mb(mine) >= 64
    del junk


def test_a_print_loop_is_cut_and_costs_the_judge_nothing(tmp_path):
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.monotonic()
    fb = verdict(tmp_path, LOAD, "def load_imdb():\n    while True:\n        print('spam ' * 20)\n", "load_imdb",
                 KATA_OUTPUT_MB=1)
    assert (fb.kind, fb.key) == ("crashed", "generic.output"), fb.key
    assert time.monotonic() - started < 30
    grown_mb = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
    assert grown_mb < 50, f"the judge grew by {grown_mb:.0f} MB reading the output"


def _still_held(lockfile: Path, seconds: float = 5.0) -> bool:
    """Whether a process still holds an exclusive lock on lockfile after up to `seconds`. A lock is the kernel's
    word on a process being alive, whatever PID namespace it lives in (a PID read inside the sandbox names
    another process, or none, outside it)."""
    import fcntl

    deadline = time.monotonic() + seconds
    with open(lockfile, "rb") as f:
        while True:
            try:
                fcntl.flock(f, fcntl.LOCK_EX | fcntl.LOCK_NB)
                return False
            except BlockingIOError:
                if time.monotonic() > deadline:
                    return True
                time.sleep(0.1)


DAEMON = """
import fcntl, os, time

def hold(path):
    f = open(path, "wb")
    fcntl.flock(f, fcntl.LOCK_EX)
    open(path + ".ready", "w").close()
    time.sleep(120)
"""


def test_processes_it_starts_die_with_it(tmp_path):
    """A function that leaves a daemon behind (double fork, new session) and returns: the daemon is gone."""
    lockfile = tmp_path / "daemon.lock"
    source = DAEMON + f'''

def load_imdb():
    if os.fork() == 0:
        os.setsid()
        if os.fork() == 0:
            hold({str(lockfile)!r})
        os._exit(0)
    while not os.path.exists({str(lockfile)!r} + ".ready"):
        time.sleep(0.05)
    return "done"
'''
    result = verdict(tmp_path, LOAD, source, "load_imdb")
    assert not isinstance(result, Feedback) and result.value == "done", result
    assert not _still_held(lockfile), "the daemon outlived the check"


def test_the_daemon_probe_sees_a_daemon_that_lives(tmp_path):
    """The probe above is not blind: a daemon started outside the kata (nothing kills it) is seen alive."""
    import subprocess
    import sys

    lockfile = tmp_path / "daemon.lock"
    code = DAEMON + f"\nhold({str(lockfile)!r})\n"
    proc = subprocess.Popen([sys.executable, "-c", code], start_new_session=True)
    try:
        for _ in range(100):
            if Path(str(lockfile) + ".ready").exists():
                break
            time.sleep(0.05)
        assert _still_held(lockfile, seconds=0.5)
    finally:
        proc.kill()
        proc.wait()
    assert not _still_held(lockfile, seconds=5)


def test_a_fork_bomb_is_stopped(tmp_path):
    source = "import os, time\n\ndef load_imdb():\n    for _ in range(200):\n        if os.fork() == 0:\n" \
             "            time.sleep(60)\n            os._exit(0)\n    time.sleep(60)\n"
    fb = verdict(tmp_path, LOAD, source, "load_imdb", KATA_PROCESSES=20)
    assert fb.key == "generic.processes", fb.key


@pytest.mark.e2e
def test_one_check_ending_badly_does_not_stop_the_others(tmp_path):
    """KeyboardInterrupt in step 1's function: step 1 scores 0, steps 2 and 3 are graded as usual."""
    folder = copy_with(tmp_path, {LOAD: "def load_imdb():\n    raise KeyboardInterrupt\n", OTHER: True, ANOTHER: True})
    g = scoring.grade(str(folder), only=[LOAD, OTHER, ANOTHER])
    states = {sg.step.number: sg.state for sg in g.steps}
    assert states == {LOAD.number: "crashed", OTHER.number: "done", ANOTHER.number: "done"}
    assert g.score == OTHER.points + ANOTHER.points and g.error is None


# --- the kata's own faults are not the learner's -----------------------------------------------------

@pytest.mark.e2e
def test_missing_data_is_not_a_learner_mistake(tmp_path, monkeypatch):
    """KATA_DATA_DIR pointing at an empty folder: a solved copy is not graded low, it is not graded (exit 2)."""
    empty = tmp_path / "no-data"
    empty.mkdir()
    monkeypatch.setenv("KATA_DATA_DIR", str(empty))
    monkeypatch.setenv("KATA_CACHE_DIR", str(tmp_path / "cache"))
    out = tmp_path / "grade"
    code = grade_cli.main(["--target", "solutions", "--steps", "1,2,3", "--out", str(out)])
    results = json.loads((out / "results.json").read_text(encoding="utf-8"))
    assert code == 2 and results["status"] == "error"
    assert {s["status"] for s in results["steps"]} == {"unchecked"}, results["steps"]
    assert results["score"] == 0 and "KATA_DATA_DIR" in results["message"]
    assert {t["kind"] for t in results["tests"]} == {"unchecked"}


def test_a_step_cut_short_is_never_done():
    """A step whose checks did not all report (the judge died between two of them) is "could not be checked"."""
    r = runner.StepResult(LOAD, tests=[{"outcome": "passed", "kind": None}] * 3, expected=4)
    assert runner._state(r) == "unchecked"
    r.expected = 3
    assert runner._state(r) == "done"


@pytest.mark.e2e
def test_the_judge_dying_mid_step_scores_nothing_for_that_step(tmp_path):
    """An instructor's hidden check that ends the judge's process: that step "could not be checked" (no score,
    exit 2); the next step is graded."""
    hidden = tmp_path / "hidden"
    hidden.mkdir()
    (hidden / f"test_{OTHER.slug}_dies.py").write_text(
        "import os\n\n\ndef test_first():\n    pass\n\n\ndef test_the_judge_dies():\n    os._exit(3)\n", encoding="utf-8")
    out = tmp_path / "grade"
    code = grade_cli.main(["--target", "solutions", "--steps", f"{OTHER.number},{ANOTHER.number}", "--out", str(out),
                         "--extra-tests", str(hidden)])
    results = json.loads((out / "results.json").read_text(encoding="utf-8"))
    by = {s["number"]: s for s in results["steps"]}
    assert code == 2 and by[OTHER.number]["status"] == "unchecked" and by[OTHER.number]["score"] == 0
    assert by[ANOTHER.number]["status"] == "done" and by[ANOTHER.number]["score"] == ANOTHER.points
    assert "could not be checked" in results["message"]



def test_step_14s_learner_processes_see_no_test_labels(tmp_path, monkeypatch):
    """Step 14 (data_dir): in the strict sandbox its learner processes read the label-less data folder and
    nothing the other calls got or returned (no shared inputs, no Keras download folder), and their calls
    live outside the shared exchange."""
    from kata.shared import cache
    from kata.judge import sandbox, session as client

    if sandbox.available() is not None:
        pytest.skip(f"no bubblewrap here: {sandbox.available()}")  # CI installs it (.ci/run)
    env = {"KATA_SANDBOX": "strict", "KATA_SANDBOX_SCRATCH": str(tmp_path / "scratch"),
           "KATA_SANDBOX_EXERCISES": str(tmp_path / "copy" / "exercises"), "KATA_DATA_DIR": str(tmp_path / "hidden")}
    shared = sandbox.from_env(env, tmp_path / "exchange")
    private = sandbox.from_env({**env, "KATA_SANDBOX_PRIVATE": "1"}, tmp_path / "private")
    exchange = str(cache.folder("exchange"))
    assert exchange in shared.readable and exchange not in private.readable
    assert all("keras" not in Path(p).name for p in private.readable)
    assert str((tmp_path / "hidden").resolve()) in private.readable
    # nor the copy's scratch, where its other learner processes' cache holds the data with its test labels
    assert str(tmp_path / "scratch") in shared.command(env) and str(tmp_path / "scratch") not in private.command(env)
    assert private.scratch != shared.scratch and not private.scratch.is_relative_to(shared.scratch)
    session = client.Session()
    try:
        call_dir, _ = session.new_call(private=True)
        assert not call_dir.is_relative_to(session.folder) and (session.exchange is None or not call_dir.is_relative_to(session.exchange))
    finally:
        session.close()


# --- a batch's judge (kata.judge.judges.Judges): one start-up, a judge forked for each copy ---------------------------

SLEEPER = "import time\n\n\ndef test_sleeps():\n    time.sleep(60)\n"


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    try:  # a zombie not reaped yet is gone too
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def _fork_sleeper(judges, tmp_path):
    (tmp_path / "test_sleeper.py").write_text(SLEEPER, encoding="utf-8")
    spare = judges.spare()
    assert spare.ready()
    return spare.go([str(tmp_path / "test_sleeper.py"), "-q", "-p", "no:cacheprovider"], {}, {}), spare


def test_each_copy_gets_a_judge_forked_from_the_batchs(tmp_path, monkeypatch):
    """Two runs of a batch are judged by two judges forked from one (it stays), with the same verdicts as a
    judge of its own."""
    judges = runner.Judges(modules=())
    forked = []
    fork = judges.fork
    monkeypatch.setattr(judges, "fork", lambda order, fds: forked.append(fork(order, fds)) or forked[-1])
    try:
        folder = copy_with(tmp_path, {OTHER: True, ANOTHER: "def split_validation(*args):\n    return None\n"})
        reports = [runner.run(target=str(folder), only=[OTHER, ANOTHER], spare=judges.spare()) for _ in range(2)]
        alone = runner.run(target=str(folder), only=[OTHER, ANOTHER])
        assert judges.proc.poll() is None
    finally:
        judges.close()
    assert len(forked) == 2 and forked[0].pid != forked[1].pid and all(p.returncode is not None for p in forked)
    for report in (*reports, alone):
        assert report.results[OTHER.number].state == "done" and report.results[ANOTHER.number].state == "wrong"
    assert [t["outcome"] for t in reports[0].results[ANOTHER.number].tests] == \
        [t["outcome"] for t in alone.results[ANOTHER.number].tests]


def test_a_forked_judge_can_be_stopped_and_dies_with_the_batch(tmp_path):
    """The runner stops a forked judge like its own (kill, then its exit code); closing the batch's judge
    ends every judge still running."""
    judges = runner.Judges(modules=())
    try:
        first, spare = _fork_sleeper(judges, tmp_path)
        assert first.poll() is None and _alive(first.pid)
        first.kill()
        assert first.wait(timeout=10) == -9 and not _alive(first.pid)
        second, _ = _fork_sleeper(judges, tmp_path)
        assert _alive(second.pid)
    finally:
        judges.close()
    deadline = time.monotonic() + 10
    while _alive(second.pid) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not _alive(second.pid) and second.wait(timeout=5) == -9
    assert judges.proc.poll() is not None


def test_without_the_batchs_judge_a_run_starts_its_own(tmp_path):
    """A batch's judge that died (or never started) costs time, not results: the run starts its own judge."""
    judges = runner.Judges(modules=())
    try:
        assert judges.ready(timeout=60)
        judges.proc.kill()
        judges.proc.wait()
        folder = copy_with(tmp_path, {OTHER: True})
        report = runner.run(target=str(folder), only=[OTHER], spare=judges.spare())
    finally:
        judges.close()
    assert report.results[OTHER.number].state == "done"


def test_a_batchs_judge_that_never_gets_ready_is_waited_for_once(monkeypatch):
    """The first copy waits for the batch's judge; if it never got ready, the next copies do not wait again."""
    waits = []
    from kata.judge import judges as judges_module

    monkeypatch.setattr(judges_module, "_said_ready", lambda inbox, proc, timeout: waits.append(timeout) or False)
    judges = runner.Judges(modules=())
    try:
        assert not judges.spare().ready() and not judges.spare().ready()
    finally:
        judges.close()
    assert waits == [120.0, 0.0]
