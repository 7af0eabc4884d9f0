"""imdb-kata's support package: the step manifest, the IMDB loader, the checks' helpers and the tools.

In a notebook: `import kata; kata.check("pad")`, `kata.hint(4)`, `kata.solution(4, confirm=True)` (kata.notebook,
imported on first use: `python -m kata` never imports IPython). Imported in a notebook's kernel, it also leaves
TensorFlow's C++ log lines out of the cells' output (kata.notebook.quiet).
"""

import sys as _sys

_NOTEBOOK = ("check", "hint", "solution", "try_review", "show_plots", "show_words", "load_ipython_extension")

if "ipykernel" in _sys.modules:  # a notebook's kernel (Jupyter, Colab): never the kata's own processes
    from kata.notebook.quiet import quiet_kernel

    quiet_kernel()


def __getattr__(name):
    if name in _NOTEBOOK:
        from kata import notebook

        return getattr(notebook, name)
    raise AttributeError(f"module 'kata' has no attribute {name!r}")
