"""Faults of the kata's own side are said in one sentence, exit 2, never a traceback and never the learner's:
data missing on the first run, a full disk, a read-only checkout, a terminal that cannot show ✔, a source file
that is not UTF-8. Every state a step can be in has its mark, word and icon everywhere it is shown."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from kata import console, i18n
from kata.judge import sandbox
from kata.manifest import ROOT, step
from kata.shared.vocabulary import ASCII_MARKS, ICONS, MARKS, REPORT_WORDS, State


def test_every_state_has_its_mark_word_and_icon_in_both_languages():
    for state in State:
        assert state in MARKS and state in ASCII_MARKS and state in REPORT_WORDS, state
        assert state in ICONS or state == State.DONE or state in ICONS, state
        for lang in i18n.LANGS:
            assert i18n.catalog(lang).get(f"ui.{state}"), (lang, state)
    assert all(mark.encode("ascii") for mark in ASCII_MARKS.values())


def test_a_terminal_that_cannot_show_the_marks_gets_ascii():
    class Latin1:
        encoding = "latin-1"

    assert console.marks(Latin1()) == ASCII_MARKS
    assert console.marks() in (MARKS, ASCII_MARKS)


def kata(*args, env=None, cwd=ROOT, timeout=600):
    full = {**os.environ, "KATA_LANG": "en", **(env or {})}
    return subprocess.run([sys.executable, "-m", "kata", *args], cwd=cwd, env=full, capture_output=True, text=True,
                          timeout=timeout, encoding="utf-8", errors="replace")


@pytest.mark.e2e
def test_data_missing_on_the_first_run_is_the_kata_s_and_exit_2(tmp_path):
    """A learner offline whose KATA_DATA_DIR is empty: "could not be checked" with the reason, exit 2."""
    empty = tmp_path / "imdb"
    empty.mkdir()
    done = kata("check", "--target", "solutions", env={"KATA_DATA_DIR": str(empty), "KATA_CACHE_DIR": str(tmp_path / "c")})
    out = done.stdout + done.stderr
    assert done.returncode == 2, out[-3000:]
    assert "could not be checked" in out and "imdb.npz" in out and "Traceback" not in out, out[-3000:]


@pytest.mark.e2e
def test_a_terminal_that_is_not_utf8_gets_no_traceback(tmp_path):
    folder = tmp_path / "exercises"
    shutil.copytree(ROOT / "exercises", folder)
    done = kata("check", "--target", str(folder), env={"PYTHONIOENCODING": "latin-1"})
    assert done.returncode == 1 and "Traceback" not in done.stderr, done.stderr[-2000:]
    assert "IMDB kata" in done.stdout and "1." in done.stdout, done.stdout[-2000:]


def test_a_source_file_that_is_not_utf8_is_named_as_such(tmp_path):
    from kata.judge.checking import Learner
    from kata.judge.feedback import Feedback

    folder = tmp_path / "ex"
    folder.mkdir()
    (folder / step("load").exercise().name).write_bytes(b"# caf\xe9\ndef load_imdb():\n    return 1\n")
    with pytest.raises(Feedback) as caught:
        Learner(step("load"), folder).function("load_imdb")
    assert caught.value.key == "generic.not_utf8" and caught.value.values["line"] == 1, caught.value.render()
    assert "0xe9" in caught.value.render()


def _bwrap_or_skip():
    if shutil.which("bwrap") is None or sandbox.available() is not None:
        if os.environ.get("CI"):
            pytest.fail(f"bubblewrap is needed here: {sandbox.available()}")
        pytest.skip(f"no bubblewrap: {sandbox.available()}")


@pytest.mark.e2e
def test_a_read_only_checkout_says_so_and_loses_nothing(tmp_path):
    """make hint and make reset in a checkout mounted read only (bubblewrap): the hint is shown, the reset says it
    could not write, and nothing is lost (the exercise is as it was)."""
    _bwrap_or_skip()
    copy = tmp_path / "kata"
    subprocess.run(["git", "clone", "-q", str(ROOT), str(copy)], check=True)
    exercise = step("pad").exercise(copy)
    exercise.write_text(exercise.read_text(encoding="utf-8") + "\n# my work\n", encoding="utf-8")
    before = exercise.read_bytes()
    wrap = ["bwrap", "--dev-bind", "/", "/", "--ro-bind", str(copy), str(copy), "--", sys.executable, "-m", "kata"]
    env = {**os.environ, "KATA_LANG": "en", "KATA_CACHE_DIR": str(tmp_path / "cache"), "PYTHONPATH": str(copy)}
    for args, code in ((["hint", "--step", "4"], 0), (["reset", "--step", "4"], 2)):
        done = subprocess.run([*wrap, *args], cwd=copy, env=env, capture_output=True, text=True, timeout=300)
        out = done.stdout + done.stderr
        assert done.returncode == code and "Traceback" not in out, (args, out[-2000:])
    assert "read-only" in out and exercise.read_bytes() == before


@pytest.mark.e2e
def test_a_full_disk_is_the_kata_s_fault_never_a_crash(tmp_path):
    """The learner processes' folder on a disk that fills up (a 2 MB tmpfs as TMPDIR): step 4's result cannot be
    written, and the step "could not be checked" (exit 2), never "crashed" or a low score."""
    _bwrap_or_skip()
    full = tmp_path / "full"
    full.mkdir()
    env = {**os.environ, "KATA_LANG": "en", "TMPDIR": str(full), "KATA_SANDBOX": "off"}
    cmd = ["bwrap", "--dev-bind", "/", "/", "--size", str(2 * 2**20), "--tmpfs", str(full), "--",
           sys.executable, "-m", "kata", "check", "--target", "solutions", "--step", "4"]
    done = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    out = done.stdout + done.stderr
    assert done.returncode == 2 and "Traceback" not in out, out[-3000:]
    assert "could not" in out and "crashed" not in out, out[-3000:]


def test_a_channel_s_token_is_never_on_a_command_line(monkeypatch):
    """Without descriptors (KATA_PORTABLE=1) a channel's handle holds a one-time token: it travels in the
    environment (readable by this user only), never on a command line every user can read."""
    from kata.judge.supervisors import Supervisor

    monkeypatch.setenv("KATA_PORTABLE", "1")
    sup = Supervisor.start()
    try:
        cmdline = Path(f"/proc/{sup.proc.pid}/cmdline").read_bytes()
        assert b"tcp:" not in cmdline and b"127.0.0.1" not in cmdline, cmdline
    finally:
        sup.close()


def test_tensorflow_s_own_lines_are_left_out_of_the_learner_s_output():
    """C++ log lines (E0000 00:00:…, I1206 …), 2.22's "Source Location Trace" and the CPU notes are TensorFlow's,
    not the learner's: shown with VERBOSE=1 only. The learner's own lines pass, whatever they look like."""
    from kata.judge.relay import Relay

    relay = Relay(live=None)
    noise = [b"E0000 00:00:1796581266.243456     376 cuda_platform.cc:52] failed call to cuInit",
             b"I1206 12:00:01.000001  42 port.cc:153] oneDNN custom operations are on.",
             b"=== Source Location Trace: ===", b"external/local_xla/xla/service/gpu/gpu_executable.cc:1234",
             b"To enable the following instructions: AVX2 FMA, in other operations, rebuild TensorFlow"]
    mine = [b"Epoch 1/40", b"loss: 0.69 - accuracy: 0.5", b"E stands for error in my model", b"my_file.py line 3"]
    for line in noise + mine:
        relay.feed(line + b"\n")
    relay.close()
    assert relay.text().splitlines() == [m.decode() for m in mine]
