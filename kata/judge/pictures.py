"""Pictures the judge draws from what a learner's code returned, for the learner to see once a step passes (never
part of a verdict): step 15's words placed by their score. The notebook draws the same picture inline."""

from __future__ import annotations

from pathlib import Path


def draw_words(positive, negative, path: Path | None = None):
    """A horizontal bar per word, its length the word's score (the logit): the most positive words in blue at the
    top, highest first, the most negative in red below, lowest last. Saved as a PNG at `path` when given; returns the
    figure (closed when saved)."""
    import matplotlib.pyplot as plt  # the judge's backend is Agg (kata.judge.plugin); a notebook's is its own

    from kata.i18n import t

    rows = list(positive) + list(reversed(list(negative)))
    words = [str(w) for w, _ in rows]
    scores = [float(s) for _, s in rows]
    fig, ax = plt.subplots(figsize=(7, max(3.0, 0.22 * len(rows) + 1)))
    ax.barh(range(len(rows)), scores, color=["tab:blue" if s >= 0 else "tab:red" for s in scores])
    ax.set_yticks(range(len(rows)), words, fontsize=8)
    ax.invert_yaxis()  # the first (most positive) word on top
    ax.axvline(0, color="black", linewidth=0.8)
    ax.set_xlabel(t("words.picture.axis"))
    ax.set_title(t("words.picture.title", positive=len(positive), negative=len(negative)))
    fig.tight_layout()
    if path is not None:
        fig.savefig(path, dpi=100)
        plt.close(fig)
    return fig
