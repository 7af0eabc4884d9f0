"""imdb-kata's support package: the step manifest, the IMDB loader, the checks' helpers and the tools.

In a notebook: `import kata; kata.check("pad")`, `kata.hint(4)`, `kata.solution(4, confirm=True)` (kata.notebook,
imported on first use: `python -m kata` never imports IPython).
"""

_NOTEBOOK = ("check", "hint", "solution", "try_review", "show_plots", "show_words", "load_ipython_extension")


def __getattr__(name):
    if name in _NOTEBOOK:
        from kata import notebook

        return getattr(notebook, name)
    raise AttributeError(f"module 'kata' has no attribute {name!r}")
