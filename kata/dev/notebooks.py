"""`python -m kata dev notebooks`: notebooks/kata.ipynb and notebooks/colab.ipynb, written from the manifest and
the stubs (after editing a stub; the project's tests fail when the committed notebooks differ)."""

from __future__ import annotations

from pathlib import Path

from kata.i18n import t
from kata.manifest import ROOT, steps
from kata.notebook.cells import NOTEBOOKS, cell_code, instructions

COLAB_SETUP = """\
# Colab: the kata from its repository (its checks, hints and tools), then the IMDB data. About a minute.
REPO_URL = "https://github.com/OWNER/imdb-kata"  # <- the kata's repository: your fork, or your teacher's copy
%cd /content
![ -d imdb-kata ] || GIT_TERMINAL_PROMPT=0 git clone --quiet --depth 1 {REPO_URL} imdb-kata
%pip install --quiet -e imdb-kata
%cd /content/imdb-kata
from kata.datasets import imdb
_ = imdb.load_data(num_words=10000), imdb.get_word_index()
print("IMDB data ready")"""


def _both(key: str) -> str:
    return f"{t(key, 'en')}\n\n*{t(key, 'pt_BR')}*"


def notebook(source: str = "exercises", colab: bool = False):
    """The kata's notebook as an nbformat node: per step, its instructions and its exercise cell (the code of
    `source`/NN_name.py: exercises for the learner's notebook, solutions for the self-tests), then its check."""
    import nbformat.v4 as v4

    cells = []
    if colab:
        cells.append(v4.new_code_cell(COLAB_SETUP, id="colab-setup", metadata={"tags": ["skip-offline"]}))
    title = f"# {t('notebook.title', 'en')}\n*{t('notebook.title', 'pt_BR')}*"
    intro = [title, _both("notebook.colab")] if colab else [title]
    cells.append(v4.new_markdown_cell("\n\n".join([*intro, _both("notebook.intro")]), id="intro"))
    cells.append(v4.new_markdown_cell(_both("notebook.setup"), id="setup-note"))
    cells.append(v4.new_code_cell('import kata  # kata.check(), kata.hint(), kata.solution()\n'
                                  '# import os; os.environ["KATA_LANG"] = "pt_BR"  # mensagens em português',
                                  id="setup"))
    for s in steps():
        code = cell_code(s, (ROOT / source / f"{s.slug}.py").read_text(encoding="utf-8"))
        cells.append(v4.new_markdown_cell(instructions(s), id=f"step-{s.slug}-text"))
        cells.append(v4.new_code_cell(code, id=f"step-{s.slug}", metadata={"tags": ["kata-exercise", f"kata-{s.slug}"]}))
        cells.append(v4.new_code_cell(f'kata.check("{s.name}")', id=f"check-{s.slug}",
                                      metadata={"tags": ["kata-check"]}))
    cells.append(v4.new_markdown_cell(_both("notebook.finale"), id="finale"))
    cells.append(v4.new_code_cell("kata.check()", id="check-all", metadata={"tags": ["kata-check"]}))
    cells.append(v4.new_code_cell('kata.try_review("A wonderful, moving film. The acting is superb.", '
                                  '"Dull and far too long.")', id="try", metadata={"tags": ["kata-try"]}))
    metadata = {"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"},
                "language_info": {"name": "python"}}
    if colab:
        metadata["colab"] = {"provenance": []}
    return v4.new_notebook(cells=cells, metadata=metadata)


def text_of(nb) -> str:
    import nbformat

    return nbformat.writes(nb, version=4) + "\n"


def build(where: Path = NOTEBOOKS) -> list[Path]:
    where.mkdir(parents=True, exist_ok=True)
    written = []
    for name, colab in (("kata.ipynb", False), ("colab.ipynb", True)):
        path = where / name
        path.write_text(text_of(notebook(colab=colab)), encoding="utf-8")
        written.append(path)
    return written




def main(argv=None) -> int:
    for path in build():
        print(f"wrote {path.relative_to(ROOT)}")
    return 0
