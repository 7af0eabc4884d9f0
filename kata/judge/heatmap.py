"""grade/class.png: what the class misunderstood, as a heatmap to paste into slides (matplotlib's Agg, no display).

One row per step; the columns: the learners who passed it, its three most common mistakes, the other mistakes, and
the learners who did not start it. Each cell says how many learners and which share of those graded on the step
(its colour); green for passing, orange for mistakes, grey for not started. Drawn without pyplot (no global
state) and without the library's version in the file: the same counts give the same bytes.
"""

from __future__ import annotations

import io

COLUMNS = ("passed", "1st mistake", "2nd mistake", "3rd mistake", "other mistakes", "not started")
SHADES = {"passed": "Greens", "not started": "Greys"}  # the mistakes: Oranges


def cells(st) -> list[tuple[str, int]]:
    """(label, learners) for each column of one step's row."""
    ranked = st.ranked()
    out = [("", st.passed)]
    for m in ranked[:3]:
        out.append((m.key.split(".", 1)[-1], m.learners))
    out += [("", 0)] * (4 - len(out))
    others = ranked[3:]
    out.append((f"{len(others)} kinds" if others else "", sum(m.learners for m in others)))
    out.append(("", st.graded - st.started))
    return out


def png(tallies, counted: int) -> bytes:
    import matplotlib
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.patches import Rectangle

    rows = list(tallies)
    height = 0.5 * max(1, len(rows)) + 1.0  # inches: a row per step, the title and the columns' names above
    fig = Figure(figsize=(12, height), dpi=100)
    FigureCanvasAgg(fig)
    ax = fig.add_axes((0.24, 0.1 / height, 0.74, 1 - 0.85 / height))
    for y, st in enumerate(rows):
        for x, (label, count) in enumerate(cells(st)):
            share = count / st.graded if st.graded else 0.0
            colour = matplotlib.colormaps[SHADES.get(COLUMNS[x], "Oranges")](0.08 + 0.8 * share)
            ax.add_patch(Rectangle((x, y), 1, 1, facecolor=colour, edgecolor="white", linewidth=2))
            counted_text = f"{count} ({round(share * 100)} %)" if count or label else ""
            text = f"{label}\n{counted_text}" if label else counted_text
            ax.text(x + 0.5, y + 0.5, text, ha="center", va="center", fontsize=8,
                    color="white" if share > 0.55 else "black")
    ax.set_xlim(0, len(COLUMNS))
    ax.set_ylim(max(1, len(rows)), 0)
    ax.set_xticks([x + 0.5 for x in range(len(COLUMNS))], COLUMNS, fontsize=9)
    ax.xaxis.tick_top()
    ax.set_yticks([y + 0.5 for y in range(len(rows))], [f"{st.number} · {st.title}"[:42] for st in rows], fontsize=9)
    ax.tick_params(length=0)
    for side in ax.spines.values():
        side.set_visible(False)
    fig.suptitle(f"IMDB kata · what the class misunderstood ({counted} learners; share of those graded on each step)",
                 fontsize=11, x=0.02, y=1 - 0.12 / height, ha="left", va="top")
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", metadata={"Software": None})
    return buffer.getvalue()
