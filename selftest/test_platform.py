"""Every learner's machine: Python 3.10 to 3.13, no make, no fork, no descriptors.

The fork-free learner process (kata.learner.supervisor without os.fork: Windows, macOS) is proved here on
Linux by forcing it (KATA_NO_FORK=1): the same verdicts as the forked one, the time limit enforced by the
supervisor's watchdog, no signal. Windows passes no descriptors between processes: there every channel is
a loopback connection with a one-time token (kata.shared.transport), forced here with KATA_PORTABLE=1; with both,
the kata runs as it would on Windows. The matrix of Python versions itself is `make test-matrix`
(kata/dev/matrix.py).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tomllib
from importlib import metadata
from pathlib import Path

import pytest

from kata import i18n, pyversion
from kata.dev import matrix
from kata.shared import platform, transport
from kata.judge import sandbox
from kata.manifest import ROOT, step

LOAD = step("load")  # the cheapest step: no TensorFlow in its learner processes


# --- no fork ----------------------------------------------------------------------------------------

def test_fork_is_the_default_on_linux_only(monkeypatch):
    monkeypatch.delenv("KATA_NO_FORK", raising=False)
    monkeypatch.setattr(sys, "platform", "linux")
    assert platform.use_fork()
    monkeypatch.setenv("KATA_NO_FORK", "1")
    assert not platform.use_fork()
    monkeypatch.setenv("KATA_NO_FORK", "0")
    assert platform.use_fork()
    monkeypatch.setattr(sys, "platform", "darwin")  # fork is unsafe there once TensorFlow is loaded
    assert not platform.use_fork()
    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.delattr(os, "fork")  # Windows
    assert not platform.use_fork()


VERDICTS = r'''
import json, sys
from pathlib import Path
from kata.judge.checking import Learner
from kata.judge.feedback import Feedback
from kata.manifest import step

s, out = step("load"), {}
for name, source in json.loads(sys.argv[1]).items():
    folder = Path(sys.argv[2]) / name
    folder.mkdir(parents=True)
    (folder / s.exercise().name).write_text(source, encoding="utf-8")
    try:
        out[name] = ["value", repr(Learner(s, folder).run("load_imdb", ()).value)]
    except Feedback as fb:
        out[name] = [fb.kind, fb.key, "Traceback" in fb.render()]
print("VERDICTS " + json.dumps(out))
'''

CASES = {
    # the proof of which path ran: a freshly started learner process is `python -m kata.learner.fresh ...`;
    # without descriptors its control channel (descriptor 3) is a loopback connection
    "fresh": "def load_imdb():\n    return b'kata.learner.fresh' in open('/proc/self/cmdline', 'rb').read()\n",
    "connected": "def load_imdb():\n    import os, socket\n    s = socket.socket(fileno=os.dup(3))\n"
                 "    return s.family == socket.AF_INET\n",
    "prints": "def load_imdb():\n    print('a line of the learner')\n    return 42\n",
    "returns": "def load_imdb():\n    return [[1, 2], [0, 1]]\n",
    "raises": "def load_imdb():\n    return {}['x']\n",
    "exits": "def load_imdb():\n    import os\n    os._exit(3)\n",
    "loops": "def load_imdb():\n    while True:\n        pass\n",
    "stub": "def load_imdb():\n    raise NotImplementedError\n",
}


def verdicts(tmp_path, **env) -> dict:
    full = {**os.environ, "KATA_TIMEOUT_SCALE": str(2 / LOAD.timeout), "KATA_LANG": "en", **env}  # a 2 s limit
    for name in ("KATA_NO_FORK", "KATA_PORTABLE"):
        if name not in env:
            full.pop(name, None)
    done = subprocess.run([sys.executable, "-c", VERDICTS, json.dumps(CASES), str(tmp_path)], cwd=ROOT, env=full,
                          capture_output=True, text=True, timeout=300)
    line = next((x for x in done.stdout.splitlines() if x.startswith("VERDICTS ")), None)
    assert line, done.stdout[-2000:] + done.stderr[-2000:]
    return json.loads(line.split(" ", 1)[1])


@pytest.mark.e2e  # fresh processes that import TensorFlow each (about 8 s): make test-e2e
def test_the_fork_free_learner_process_gives_the_same_verdicts(tmp_path):
    forked = verdicts(tmp_path / "fork")
    fresh = verdicts(tmp_path / "fresh", KATA_NO_FORK="1")
    windows = verdicts(tmp_path / "windows", KATA_NO_FORK="1", KATA_PORTABLE="1")  # no fork, no descriptors
    assert forked.pop("fresh") == ["value", "False"]
    assert fresh.pop("fresh") == ["value", "True"], "KATA_NO_FORK=1 did not start a fresh process"
    assert windows.pop("fresh") == ["value", "True"]
    assert forked.pop("connected") == fresh.pop("connected") == ["value", "False"]
    assert windows.pop("connected") == ["value", "True"], "KATA_PORTABLE=1 did not connect over loopback"
    assert fresh == forked
    assert windows == forked
    assert forked["loops"] == ["timeout", "generic.timeout", False]  # the watchdog's time limit, without a signal
    assert forked["returns"][0] == "value" and forked["raises"][0] == "crashed"


@pytest.mark.e2e
def test_a_tensorflow_step_checks_the_same_without_fork():
    """Step 4 (Keras's pad_sequences in the learner process) on the solutions, then a time limit, both ways."""
    def check(**env):
        full = {**os.environ, "KATA_LANG": "en", **env}
        for name in ("STEP", "KATA_NO_FORK", "KATA_PORTABLE"):
            full.pop(name, None)
        full.update(env)
        done = subprocess.run([sys.executable, "-m", "kata", "check", "--step", "4", "--target", "solutions"], cwd=ROOT,
                              env=full, capture_output=True, text=True, timeout=600)
        return done.returncode, re.sub(r"\d+(\.\d+)? ?s\b", "", done.stdout)

    forked, fresh = check(), check(KATA_NO_FORK="1")
    assert forked[0] == 0, forked[1][-2000:]
    assert fresh == forked
    assert check(KATA_NO_FORK="1", KATA_PORTABLE="1") == forked  # as on Windows


# --- no descriptors (Windows) ------------------------------------------------------------------------

def test_without_descriptors_a_channel_is_a_loopback_connection_with_a_token(monkeypatch):
    monkeypatch.setenv("KATA_PORTABLE", "1")
    assert platform.portable()
    monkeypatch.delenv("KATA_PORTABLE")
    monkeypatch.setattr(sys, "platform", "linux")
    assert not platform.portable()
    monkeypatch.setattr(sys, "platform", "win32")
    assert platform.portable()

    opening = transport.Opening()
    assert opening.fds == [] and opening.handle.startswith("tcp:127.0.0.1:")
    _, host, port, _ = opening.handle.split(":")
    intruder = socket.create_connection((host, int(port)))
    intruder.sendall(b"0" * 32 + b"\n")  # the wrong token: closed, and the opening still waits
    friend = transport.join(opening.handle)
    conn = opening.accept(timeout=10)
    assert conn is not None
    friend.sendall(b"one line\n")
    assert conn.recv(9) == b"one line\n"
    intruder.settimeout(10)
    try:
        assert intruder.recv(1) == b""
    except ConnectionResetError:
        pass
    with pytest.raises(OSError):  # one connection per opening: then the listener is gone
        transport.join(opening.handle, timeout=2)
    for end in (conn, friend, intruder):
        end.close()
    nobody = transport.Opening()
    assert nobody.accept(timeout=0.2) is None and nobody.accept(timeout=0) is None
    nobody.close()


def test_with_descriptors_a_channel_is_a_socket_pair_handed_over(monkeypatch):
    """The same interface where descriptors pass: the other end travels with a message (SCM_RIGHTS)."""
    monkeypatch.delenv("KATA_PORTABLE", raising=False)
    if platform.portable():
        pytest.skip("no descriptor passing on this system")
    carrier, far = socket.socketpair()
    opening = transport.Opening()
    transport.send(carrier, {"op": "spawn", "id": 1}, {"ctrl": opening})
    inbox = transport.Inbox(far)
    (message,) = inbox.read(5)
    assert message["op"] == "spawn" and message["channels"]["ctrl"].startswith("fd:")
    theirs = transport.join(message["channels"]["ctrl"])
    ours = opening.accept()
    theirs.sendall(b"hello\n")
    assert ours.recv(6) == b"hello\n"
    for end in (carrier, far, theirs, ours):
        end.close()


def test_without_descriptors_there_is_no_sandbox_and_it_says_why(monkeypatch):
    monkeypatch.setenv("KATA_PORTABLE", "1")
    assert "KATA_PORTABLE" in sandbox.available()  # a sandbox has no network: its channels must be descriptors


def test_check_without_descriptors_reports_and_shows_the_learner_output(tmp_path):
    """`kata check` with every channel a loopback connection (as on Windows): the judge's report reaches the
    runner (the verdict), and what the learner's code prints reaches the terminal as it comes."""
    target = tmp_path / "exercises"
    shutil.copytree(ROOT / "exercises", target)
    source = LOAD.solution().read_text(encoding="utf-8").replace(
        "    return imdb.load_data(", "    print('a line of the learner')\n    return imdb.load_data(")
    assert "a line of the learner" in source
    LOAD.exercise(tmp_path).write_text(source, encoding="utf-8")

    def check(**env):
        full = {**os.environ, "KATA_LANG": "en", **env}
        for name in ("STEP", "KATA_NO_FORK", "KATA_PORTABLE"):
            full.pop(name, None)
        full.update(env)
        done = subprocess.run([sys.executable, "-m", "kata", "check", "--step", "1", "--target", str(target)], cwd=ROOT,
                              env=full, capture_output=True, text=True, timeout=600)
        return done.returncode, re.sub(r"\d+(\.\d+)? ?s\b", "", done.stdout)

    usual, windows = check(), check(KATA_PORTABLE="1")
    assert usual[0] == 0 and "│ a line of the learner" in usual[1], usual[1][-2000:]
    assert windows == usual


# --- Python versions --------------------------------------------------------------------------------

def test_an_unsupported_python_gets_a_sentence_in_each_language(monkeypatch):
    assert pyversion.supported((3, 10)) and pyversion.supported((3, 13))
    assert not pyversion.supported((3, 9)) and not pyversion.supported((3, 14))
    for lang in i18n.LANGS:
        monkeypatch.setenv("KATA_LANG", lang)
        monkeypatch.setattr(sys, "version_info", (3, 9, 18, "final", 0))
        text = pyversion.unsupported()
        assert text == i18n.t("platform.too_old", lang, version="3.9") and "3.9" in text and "{" not in text
        monkeypatch.setattr(sys, "version_info", (3, 14, 0, "final", 0))
        assert pyversion.unsupported() == i18n.t("platform.too_new", lang, version="3.14")
        # on an old Python there is no TOML reader: the sentence is read from the file as it is written
        monkeypatch.setitem(sys.modules, "kata.i18n", None)
        assert pyversion.unsupported() == i18n.t("platform.too_new", lang, version="3.14")
        monkeypatch.delitem(sys.modules, "kata.i18n")


def test_python_3_9_and_3_10_without_tomli_say_so_in_a_sentence():
    """The real interpreters where the machine has them (pyenv): a sentence, exit 1, never a traceback."""
    tried = 0
    for version, key in (("3.9", "too_old"), ("3.10", "no_tomli")):
        python = matrix.find(version, here=False)
        if python is None:
            continue
        env = {**os.environ, "KATA_LANG": "en", "PYTHONPATH": str(ROOT)}
        has_tomli = subprocess.run([python, "-c", "import tomli"], env=env, capture_output=True).returncode == 0
        if key == "no_tomli" and has_tomli:
            continue
        done = subprocess.run([python, "-m", "kata", "list"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
        expected = i18n.t("platform." + key, "en", version=version)
        assert done.returncode == 1 and done.stderr.strip() == expected and "Traceback" not in done.stdout + done.stderr
        tried += 1
    if not tried:
        pytest.skip("neither Python 3.9 nor a bare Python 3.10 on this machine")


def test_tomllib_has_its_310_fallback_and_the_dependency():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert 'tomli>=2; python_version < "3.11"' in project["dependencies"]
    assert project["requires-python"] == ">=3.10,<3.14"
    for path in (ROOT / "kata").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        if re.search(r"^\s*import tomllib", text, re.M):
            assert "import tomli as tomllib" in text, f"{path.relative_to(ROOT)}: tomllib without the 3.10 fallback"


# --- no make ----------------------------------------------------------------------------------------

def test_the_kata_command_is_python_m_kata():
    scripts = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["scripts"]
    assert scripts == {"kata": "kata.__main__:run"}
    found = [e for e in metadata.entry_points(group="console_scripts") if e.name == "kata"]
    assert found and found[0].value == "kata.__main__:run", "reinstall: pip install -e ."
    script = Path(sys.executable).with_name("kata")
    done = subprocess.run([str(script), "--help"], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0 and "check" in done.stdout and "hint" in done.stdout


def test_the_makefile_finds_a_windows_venv():
    out = subprocess.run(["make", "-n", "--no-print-directory", "test-matrix", "OS=Windows_NT"],
                         cwd=ROOT, capture_output=True, text=True).stdout
    assert ".venv/Scripts/python -m kata dev matrix" in out and ".venv/bin" not in out
    out = subprocess.run(["make", "-n", "--no-print-directory", "test-matrix"], cwd=ROOT,
                         capture_output=True, text=True).stdout
    assert ".venv/bin/python -m kata dev matrix" in out


# --- the matrix of Python versions ---------------------------------------------------------------------

def test_a_missing_python_is_one_line_and_not_a_failure(capsys):
    assert matrix.main(["--versions", "3.99"]) == 0
    out = capsys.readouterr().out
    assert t_missing("3.99") in out.splitlines()
    assert "3.99" in matrix.table([{"version": "3.99", "python": None, "install": None, "stubs": None,
                                    "solutions": None, "ok": None}])


def t_missing(version):
    return i18n.t("platform.matrix.missing", version=version)


def test_ci_runs_the_matrix_after_make_test():
    lines = [x.split("#")[0].strip() for x in (ROOT / ".ci" / "run").read_text().splitlines()]
    assert "make test-matrix" in lines and lines.index("make test-matrix") > lines.index("make test")


@pytest.mark.parametrize("variable", ["KATA_PORTABLE", "KATA_NO_FORK"])
def test_a_batch_without_fork_or_descriptors_starts_a_judge_per_copy(tmp_path, monkeypatch, variable):
    """As on Windows (no descriptors) or macOS (no fork): a class's batch grades each copy with a judge of its
    own (the batch's shared judge forks and hands out descriptors), same grades."""
    from kata.judge import batch, runner

    monkeypatch.setenv(variable, "1")
    monkeypatch.setattr(runner, "Judges", lambda *a, **k: pytest.fail("a shared judge was started"))
    plot = step("plot")
    copy = tmp_path / "submissions" / "solver"
    shutil.copytree(ROOT / "exercises", copy / "exercises")
    shutil.copy2(plot.solution(), plot.exercise(copy))
    (tmp_path / "grade").mkdir()
    code = batch.grade_submissions(tmp_path / "submissions", tmp_path / "grade", only=[plot], sandboxed=False)
    row = (tmp_path / "grade" / "grades.csv").read_text(encoding="utf-8").splitlines()[1]
    assert code == 0 and row.startswith(f"solver,{plot.points},{plot.points},{plot.points},"), row
