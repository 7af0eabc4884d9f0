"""The learner's commands, run as a learner runs them, on a scratch copy of the repository."""

import os
import shutil
import subprocess
import sys
import time

import pytest

from kata.manifest import ROOT, steps

N = len(steps())  # "Step 1/14": the manifest says how many

pytestmark = pytest.mark.e2e  # every test runs the learner's commands as processes

COPY = ("kata", "exercises", "solutions", "tests", "hints", "pyproject.toml", "Makefile")


@pytest.fixture(scope="module")
def repo(tmp_path_factory):
    """A git clone-like copy of the kata whose exercises are the untouched stubs."""
    root = tmp_path_factory.mktemp("kata-copy")
    for name in COPY:
        src = ROOT / name
        if src.is_dir():
            shutil.copytree(src, root / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(src, root / name)
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@t", "-c", "init.defaultBranch=main"]
    subprocess.run([*git, "init", "-q"], cwd=root, check=True)
    subprocess.run([*git, "add", "-A"], cwd=root, check=True)
    subprocess.run([*git, "commit", "-qm", "kata"], cwd=root, check=True)
    return root


CACHE = os.environ.get("KATA_CACHE_DIR") or str(ROOT / ".kata" / "cache")  # shared: the copy trains nothing new


def kata(repo, *args, lang="en", **env):
    full = {**os.environ, "KATA_LANG": lang, "PYTHONPATH": str(repo), "KATA_CACHE_DIR": CACHE, **env}
    full.pop("STEP", None)
    proc = subprocess.run([sys.executable, "-m", "kata", *args], cwd=repo, env=full, capture_output=True, text=True, timeout=600)
    return proc.returncode, proc.stdout + proc.stderr


def write(repo, step_number, text):
    path = steps()[step_number - 1].exercise(repo)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def restore(repo):
    yield
    subprocess.run(["git", "checkout", "-q", "--", "exercises"], cwd=repo, check=True)
    shutil.rmtree(repo / ".kata", ignore_errors=True)


def test_fresh_clone_fails_kindly_at_step_1(repo):
    code, out = kata(repo, "check")
    assert code == 1
    assert f"Step 1/{N}" in out and "Not started yet: load_imdb()" in out and "exercises/01_load.py" in out
    assert "Traceback" not in out and len(out.splitlines()) < 25


def test_portuguese(repo):
    code, out = kata(repo, "check", lang="pt_BR")
    assert f"Etapa 1/{N}" in out and "Ainda não iniciada" in out and "make hint" in out


def test_a_solved_step_passes_and_progress_moves(repo, restore):
    write(repo, 1, steps()[0].solution(repo).read_text())
    code, out = kata(repo, "check", "--step", "1")
    assert code == 0 and "✔" in out
    code, out = kata(repo, "check")
    assert f"1/{N}" in out and f"Step 2/{N}" in out, out


def test_wrong_answer_says_what_was_checked_got_expected_and_why(repo, restore):
    # train and test swapped (reads the cached reviews: a wrong num_words would load all 88,584 words again)
    write(repo, 1, "from kata.datasets import imdb\n\ndef load_imdb():\n    train, test = imdb.load_data(num_words=10000)\n    return test, train\n")
    code, out = kata(repo, "check")
    assert code == 1
    for part in ("not right yet", "Checked:", "Your code gave:", "Expected:", "Likely cause:", "swapped"):
        assert part in out, out
    assert "Traceback" not in out and len(out.splitlines()) < 25


def test_crash_names_the_learners_file_and_line_only(repo, restore):
    write(repo, 1, "def load_imdb():\n    x = 1\n    return x / 0\n")
    code, out = kata(repo, "check")
    assert "crashed" in out and "ZeroDivisionError" in out
    assert "exercises/01_load.py, line 3, in load_imdb: return x / 0" in out
    assert "site-packages" not in out and "Traceback" not in out


def test_syntax_error_names_file_and_line(repo, restore):
    write(repo, 1, "def load_imdb(:\n    pass\n")
    code, out = kata(repo, "check")
    assert "cannot be loaded" in out and "exercises/01_load.py has a syntax error on line 1" in out


def test_missing_function_is_not_started(repo, restore):
    write(repo, 1, "def load_the_data():\n    pass\n")
    code, out = kata(repo, "check")
    assert "MISSING FUNCTION" in out and "load_imdb()" in out and "not started" in out


def test_hints_come_level_by_level_and_are_remembered(repo, restore):
    code, first = kata(repo, "hint")
    assert "Hint 1 of 3 for step 1" in first
    code, second = kata(repo, "hint")
    assert "Hint 2 of 3" in second
    code, chosen = kata(repo, "hint", "--step", "4", "--level", "3")
    assert "Hint 3 of 3 for step 4" in chosen and "make solution STEP=4" in chosen
    code, pt = kata(repo, "hint", "--step", "2", "--level", "1", lang="pt_BR")
    assert "Dica 1 de 3 da etapa 2" in pt


def test_solution_comes_after_a_spoiler_warning(repo):
    code, out = kata(repo, "solution", "--step", "1")
    assert out.startswith("Spoiler") and "def load_imdb" in out


def test_reset_restores_the_stub_and_keeps_a_backup(repo, restore):
    mine = "# my own attempt\ndef load_imdb():\n    return 42\n"
    path = write(repo, 1, mine)
    code, out = kata(repo, "reset", "--step", "1")
    assert code == 0 and "backups" in out
    assert "raise NotImplementedError" in path.read_text()
    backups = list((repo / ".kata" / "backups").glob("01_load-*.py"))
    assert [b.read_text() for b in backups] == [mine]
    code, out = kata(repo, "reset", "--step", "1")
    assert "unchanged" in out and len(list((repo / ".kata" / "backups").glob("*"))) == 1
    code, out = kata(repo, "reset", "--step", "1", "--undo")  # the way back: the latest backup, in place
    assert code == 0 and path.read_text() == mine, out
    assert len(list((repo / ".kata" / "backups").glob("*"))) == 2  # and the stub it replaced is kept too


def test_reset_finds_the_stub_after_the_learner_committed(repo, restore):
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@t"]
    path = write(repo, 1, "def load_imdb():\n    return 'committed attempt'\n")
    subprocess.run([*git, "commit", "-qam", "my work"], cwd=repo, check=True)
    try:
        code, out = kata(repo, "reset", "--step", "1")
        assert code == 0 and "raise NotImplementedError" in path.read_text(), out
        assert [b.read_text() for b in (repo / ".kata" / "backups").glob("01_load-*.py")] == [
            "def load_imdb():\n    return 'committed attempt'\n"]
    finally:
        subprocess.run(["git", "reset", "-q", "--hard", "HEAD~1"], cwd=repo, check=True)


def test_list_shows_every_step_with_its_state(repo, restore):
    write(repo, 2, steps()[1].solution(repo).read_text())
    code, out = kata(repo, "list")
    lines = [line for line in out.splitlines() if line.strip()[:1] in "✔·✗"]
    assert len(lines) == len(steps()), out
    assert "not started" in lines[0] and "done" in lines[1]


def test_watch_rechecks_when_a_file_is_saved(repo, restore):
    env = {**os.environ, "KATA_LANG": "en", "PYTHONPATH": str(repo), "KATA_CACHE_DIR": CACHE}
    proc = subprocess.Popen([sys.executable, "-m", "kata", "watch"], cwd=repo, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True)
    try:
        seen = []
        deadline = time.monotonic() + 120
        wrote = False
        while time.monotonic() < deadline:
            line = proc.stdout.readline()
            seen.append(line)
            if "make hint" in line and not wrote:  # the first check finished
                time.sleep(1)
                write(repo, 1, steps()[0].solution(repo).read_text())
                wrote = True
            elif wrote and f"Step 2/{N}" in line:
                break
        assert wrote and f"Step 2/{N}" in "".join(seen), "".join(seen)
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_an_unchanged_passed_step_is_kept_and_any_change_checks_it_again(repo, restore, tmp_path):
    """The store of kept passes with the real judge: step 7 (NumPy only) passes, is kept, and is checked again
    after an edit of the exercise, of its checks, of a message file, of the data, and when its entry is damaged."""
    split = steps()[6]
    write(repo, 7, split.solution(repo).read_text())
    data = tmp_path / "data"  # the same reviews; the word index written again with other spacing: other bytes
    data.mkdir()
    source = os.environ["KATA_DATA_DIR"]
    (data / "imdb.npz").symlink_to(os.path.join(source, "imdb.npz"))
    words = (tmp_path / "words.json")
    words.write_text(open(os.path.join(source, "imdb_word_index.json"), encoding="utf-8").read())
    (data / "imdb_word_index.json").symlink_to(words)

    def checked(**env) -> bool:
        """True when step 7 was checked now, False when it came from the store."""
        code, out = kata(repo, "check", "--step", "7", KATA_DATA_DIR=str(data), **env)
        assert code == 0 and f"Step 7/{N} · Hold out a validation set: done" in out, out
        assert "Training on 15,000 reviews" in out, out  # its numbers, asked for, kept or not
        return "Unchanged since it passed" not in out

    assert checked()
    assert not checked(), "an unchanged passed step was checked again"
    assert checked(FRESH="1") and not checked()
    edits = {"the exercise": lambda: write(repo, 7, split.solution(repo).read_text() + "\n# edited\n"),
             "its checks": lambda: split.test(repo).write_text(split.test(repo).read_text() + "\n# edited\n"),
             "a message file": lambda: (repo / "kata" / "messages" / "en" / "common.toml").write_text(
                 (repo / "kata" / "messages" / "en" / "common.toml").read_text() + "\n# edited\n"),
             "the data": lambda: words.write_text(words.read_text().replace(", ", ",")),
             "its entry (damaged)": lambda: [p.write_text(p.read_text()[:-20]) for p in
                                             (repo / ".kata" / "passed").glob("07_split-*.json")]}
    try:
        for name, edit in edits.items():
            edit()
            assert checked(), f"{name} changed, and the step was shown from the store"
            assert not checked(), f"{name}: the new pass was not kept"
    finally:
        subprocess.run(["git", "checkout", "-q", "--", "tests", "kata"], cwd=repo, check=True)
