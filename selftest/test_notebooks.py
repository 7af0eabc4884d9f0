"""The kata's notebooks (kata/notebook/, kata/dev/notebooks.py, notebooks/): generated, not hand-kept; executed in a real Jupyter kernel.

- the committed notebooks are what `python -m kata dev notebooks` writes now (they cannot drift);
- the stub notebook, run in a kernel: step 1 reads "not started", hint/solution/magic answer, nothing raises;
  step 10's cell run with the solution, then as the stub, then solved again: the check reads the cell as last
  run (not started, then done with the plots inline);
- the Colab notebook without its install cell (offline, KATA_DATA_DIR): the same start;
- e2e: the notebook with the reference solutions in its cells passes every step, with step 10's plots,
  step 11's predictions and step 15's words inline.
"""

from __future__ import annotations

import hashlib
import json

import nbformat
import pytest
from nbclient import NotebookClient

from types import SimpleNamespace

from kata.dev import notebooks as built
from kata.i18n import t
from kata.manifest import ROOT, step, steps
from kata.notebook import cells, process

kn = SimpleNamespace(NOTEBOOKS=cells.NOTEBOOKS, text_of=built.text_of, notebook=built.notebook, cell_code=cells.cell_code,
                     sources=cells.sources, write_folder=cells.write_folder, _relabel=process._relabel)

N = len(steps())
STEP_TIMEOUT = 900  # seconds one cell may take (step 8 trains when the cache is cold)


def execute(nb, tmp_path, monkeypatch, timeout=120):
    """Run nb in a fresh ipykernel (this Python), from the kata's folder; the cells' files go to tmp_path."""
    monkeypatch.setenv("KATA_NOTEBOOK_DIR", str(tmp_path / "cells"))
    monkeypatch.setenv("KATA_LANG", "en")
    monkeypatch.delenv("JPY_SESSION_NAME", raising=False)
    NotebookClient(nb, timeout=timeout, kernel_name="python3", allow_errors=True,
                   resources={"metadata": {"path": str(ROOT)}}).execute()
    return nb


def text(cell) -> str:
    """Everything a code cell showed, as text (streams, plain text of displays, errors)."""
    parts = []
    for out in cell.get("outputs", []):
        if out.output_type == "stream":
            parts.append(out.text)
        elif out.output_type == "error":
            parts.append(f"ERROR {out.ename}: {out.evalue}\n" + "\n".join(out.traceback))
        else:
            parts.append(out.get("data", {}).get("text/plain", ""))
    return "\n".join(parts)


def assert_no_traceback(nb):
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        shown = text(cell)
        assert not any(out.output_type == "error" for out in cell.outputs), f"{cell.source[:40]!r} raised:\n{shown}"
        assert "Traceback" not in shown, f"{cell.source[:40]!r} showed a traceback:\n{shown}"


def cell(nb, cell_id):
    return next(c for c in nb.cells if c.get("id") == cell_id)


def until(nb, cell_id):
    """nb cut after the cell cell_id."""
    ids = [c.get("id") for c in nb.cells]
    nb.cells = nb.cells[: ids.index(cell_id) + 1]
    return nb


def code_cell(source, cell_id):
    return nbformat.v4.new_code_cell(source, id=cell_id)


# --- without a kernel ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("name, colab", [("kata.ipynb", False), ("colab.ipynb", True)])
def test_committed_notebooks_are_what_the_generator_writes(name, colab):
    committed = (kn.NOTEBOOKS / name).read_text(encoding="utf-8")
    assert committed == kn.text_of(kn.notebook(colab=colab)), \
        f"notebooks/{name} differs from the stubs and the manifest: run `python -m kata dev notebooks`"
    nbformat.validate(nbformat.reads(committed, as_version=4))


def test_every_step_has_its_instructions_exercise_and_check_cells():
    nb = kn.notebook()
    for s in steps():
        exercise = cell(nb, f"step-{s.slug}")
        assert exercise.source.splitlines()[0] == f"# kata: {s.slug}"
        assert "raise NotImplementedError" in exercise.source and "__main__" not in exercise.source
        assert s.title_in("en") in cell(nb, f"step-{s.slug}-text").source
        assert "PT  " in cell(nb, f"step-{s.slug}-text").source
        assert cell(nb, f"check-{s.slug}").source == f'kata.check("{s.name}")'


def test_cells_become_files_stub_bytes_when_untouched(tmp_path):
    stub = {s.slug: s.exercise().read_text(encoding="utf-8") for s in steps()}
    mine = kn.cell_code(step(4), step(4).solution().read_text(encoding="utf-8"))
    history = ["", "import kata", kn.cell_code(step(1), stub["01_load"]) + "\n\n",  # run unchanged (blank lines added)
               "# kata: 04_pad\nraise SystemExit  # an older run", mine, 'kata.check("pad")', "# kata: 99_nope\n"]
    cells = kn.sources(history)
    assert set(cells) == {"01_load", "04_pad"} and cells["04_pad"] == mine  # the latest run wins
    where = kn.write_folder(cells, tmp_path)
    for s in steps():
        data = (where / f"{s.slug}.py").read_bytes()
        if s.slug == "04_pad":
            assert data.decode() == mine.rstrip() + "\n"
        else:  # not run, or run as the stub's code: the stub itself, so its hash says "not started"
            assert hashlib.sha256(data).hexdigest() == s.stub_digest, s.slug


def test_file_names_in_messages_become_cell_names(tmp_path, monkeypatch):
    path = tmp_path / "04_pad.py"
    monkeypatch.setenv("KATA_LANG", "en")
    said = kn._relabel(f"pad_reviews() in {path} still raises NotImplementedError (line 3 of {path})", tmp_path)
    assert str(tmp_path) not in said and said.count("the cell `# kata: 04_pad`") == 2
    assert kn._relabel(f"{path} has a syntax error", tmp_path) == "The cell `# kata: 04_pad` has a syntax error"
    monkeypatch.setenv("KATA_LANG", "pt_BR")
    said = kn._relabel(f"Ainda não iniciada: pad_reviews() em {path} ainda lança NotImplementedError.", tmp_path)
    assert said == "Ainda não iniciada: pad_reviews() na célula `# kata: 04_pad` ainda lança NotImplementedError."


def test_the_kernel_side_is_not_imported_by_the_command_line():
    import subprocess
    import sys

    code = "import kata.cli, kata.judge.runner, sys; print(any(m.startswith(('IPython', 'kata.notebook')) for m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"


def test_a_kernel_leaves_tensorflows_log_lines_out_and_passes_the_rest_on():
    """In a kernel (ipykernel loaded), `import kata` filters the error descriptor: TensorFlow's C++ lines (written
    there when a cell imports Keras) are left out, as in the terminal; everything else comes through as it was."""
    import subprocess
    import sys

    code = ("import os, sys, time, types\nsys.modules['ipykernel'] = types.ModuleType('ipykernel')\nimport kata\n"
            "os.write(2, b'WARNING: All log messages before absl::InitializeLog() is called are written to STDERR\\n"
            "I0000 00:00:1796581852.349386    9060 port.cc:153] oneDNN custom operations are on.\\n"
            "E0000 00:00:1796581852.35    9060 cuda_dnn.cc:8310] Unable to register cuDNN factory\\n"
            "my own warning\\nno end of line')\ntime.sleep(0.5)\n")  # the filter passes an unended line on after 0.2 s
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, timeout=60)
    assert done.stderr == b"my own warning\nno end of line", done.stderr
    plain = subprocess.run([sys.executable, "-c", code.replace("sys.modules['ipykernel']", "_")], cwd=ROOT,
                           capture_output=True, timeout=60)
    assert b"oneDNN" in plain.stderr, "outside a kernel, the kata changes nothing"


# --- in a kernel -----------------------------------------------------------------------------------------------

@pytest.mark.e2e  # a real kernel and three checks (about 10 s): make test-e2e
def test_stub_notebook_says_not_started_then_checks_the_cell_as_run(tmp_path, monkeypatch):
    nb = until(nbformat.reads((kn.NOTEBOOKS / "kata.ipynb").read_text(encoding="utf-8"), as_version=4), "check-01_load")
    plot = step("plot")
    stub, solved = (kn.cell_code(plot, f.read_text(encoding="utf-8")) for f in (plot.exercise(), plot.solution()))
    nb.cells += [code_cell("kata.hint(1)", "t-hint"), code_cell("kata.solution(1)", "t-solution"),
                 code_cell(f"kata.check({N + 1})", "t-no-step"), code_cell("%load_ext kata\n%kata hint load 2", "t-magic"),
                 code_cell(solved, "t-solved"), code_cell(stub, "t-stub-again"), code_cell("kata.check(10)", "t-stub"),
                 code_cell(solved, "t-solved-again"), code_cell("kata.check(10)", "t-check")]
    execute(nb, tmp_path, monkeypatch)
    assert_no_traceback(nb)
    first = text(cell(nb, "check-01_load"))
    assert f"Step 1/{N} · Load the IMDB data: not started" in first, first
    assert "the cell `# kata: 01_load`" in first and str(tmp_path) not in first, first
    assert "kata.hint(1)" in first
    html = next(o for o in cell(nb, "check-01_load").outputs if "text/html" in o.get("data", {}))["data"]["text/html"]
    assert "not started" in html and "<code># kata: 01_load</code>" in html
    assert hashlib.sha256((tmp_path / "cells" / "01_load.py").read_bytes()).hexdigest() == step(1).stub_digest
    assert (tmp_path / "cells" / "10_plot.py").read_text(encoding="utf-8") == solved  # the cell as last run
    assert "Hint 1 of" in text(cell(nb, "t-hint"))
    shown = text(cell(nb, "t-solution"))
    assert "confirm=True" in shown and "load_data" not in shown  # the spoiler guard
    assert f"There is no step {N + 1}" in text(cell(nb, "t-no-step"))
    assert "Hint 2 of" in text(cell(nb, "t-magic"))
    assert f"Step 10/{N} · Plot loss and accuracy: not started" in text(cell(nb, "t-stub"))  # the latest run counts
    assert f"✔ Step 10/{N} · Plot loss and accuracy: done" in text(cell(nb, "t-check")), text(cell(nb, "t-check"))
    pictures = [o for o in cell(nb, "t-check").outputs if "image/png" in o.get("data", {})]
    assert len(pictures) == 2, "step 10's loss and accuracy plots are not shown inline"


def test_colab_notebook_offline_without_its_install_cell(tmp_path, monkeypatch):
    nb = nbformat.reads((kn.NOTEBOOKS / "colab.ipynb").read_text(encoding="utf-8"), as_version=4)
    setup = nb.cells[0]
    assert "skip-offline" in setup.metadata.get("tags", [])
    for needed in ("REPO_URL", "git clone", "pip install", "imdb.load_data"):
        assert needed in setup.source
    nb.cells = [c for c in nb.cells if "skip-offline" not in c.metadata.get("tags", [])]
    until(nb, "check-01_load")
    execute(nb, tmp_path, monkeypatch)
    assert_no_traceback(nb)
    assert f"Step 1/{N} · Load the IMDB data: not started" in text(cell(nb, "check-01_load"))


@pytest.mark.e2e
def test_solutions_notebook_passes_every_step(tmp_path, monkeypatch):
    nb = kn.notebook(source="solutions")
    execute(nb, tmp_path, monkeypatch, timeout=STEP_TIMEOUT)
    assert_no_traceback(nb)
    for s in steps():
        shown = text(cell(nb, f"check-{s.slug}"))
        assert f"✔ Step {s.number}/{N} · {s.title_in('en')}: done" in shown, shown
    assert "Padded: training (25000, 256)" in text(cell(nb, "check-04_pad")), "a passed step shows its numbers"
    noise = [o for c in nb.cells for o in c.get("outputs", []) if o.get("name") == "stderr" and "I0000" in o.get("text", "")]
    assert not noise, f"TensorFlow's log lines reached the cells: {noise[:1]}"
    assert t("ui.all_done", "en", total=N) in text(cell(nb, "check-all")), text(cell(nb, "check-all"))
    pictures = [o for o in cell(nb, "check-10_plot").outputs if "image/png" in o.get("data", {})]
    assert len(pictures) == 2, "step 10's loss and accuracy plots are not shown inline"
    predictions = text(cell(nb, "check-11_predict")) + text(cell(nb, "try"))
    assert "positive" in predictions and "negative" in predictions, predictions
    words = [o for o in cell(nb, f"check-{step('words').slug}").outputs if "image/png" in o.get("data", {})]
    assert len(words) == 1, "step 15's words are not shown inline"
    assert json.loads(json.dumps(nb))  # outputs are plain JSON (a notebook that can be saved)
