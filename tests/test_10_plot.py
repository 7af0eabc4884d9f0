"""Step 10 · plot: checks for exercises/10_plot.py (plot_history).

The check feeds a made-up history of 6 epochs (no training needed) and reads the returned figures,
as the learner process describes them: axes, title, labels, legend and the data and style of each line.
"""

import numpy as np
import pytest

from kata.judge.checking import OutDir, expect, fail
from kata.judge.views import AxesView, FigureView, read_head

# Made-up numbers, all different, so that every line tells which list it shows.
HISTORY = {
    "loss": [0.69, 0.58, 0.47, 0.38, 0.31, 0.25],
    "val_loss": [0.66, 0.55, 0.46, 0.40, 0.37, 0.39],
    "accuracy": [0.61, 0.73, 0.81, 0.86, 0.89, 0.92],
    "val_accuracy": [0.64, 0.75, 0.82, 0.84, 0.85, 0.84],
}
EPOCHS = list(range(1, len(HISTORY["loss"]) + 1))
NEEDS_DATA = False  # a made-up history: the checks work without the IMDB files
FIGURES = ("loss", "accuracy")  # in the order plot_history returns them
PNG = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(scope="module")
def plotted(learner):
    """(loss_figure, accuracy_figure, out_dir) from the learner's plot_history on HISTORY.

    The figures come back as descriptions (kata.judge.views): axes, lines and their data, styles, labels."""
    out = OutDir("plots")
    history = {k: list(v) for k, v in HISTORY.items()}
    result = learner.call("plot_history", history, out)
    if isinstance(result, (tuple, list)) and any(isinstance(f, AxesView) for f in result):
        fail("axes_not_figure", got=result, expected="(loss_fig, acc_fig)")
    if not (isinstance(result, (tuple, list)) and len(result) == 2 and all(isinstance(f, FigureView) for f in result)):
        fail("structure", got=result, expected="(loss_fig, acc_fig)")
    loss_fig, acc_fig = result
    expect(loss_fig is not acc_fig, "same_figure", got="loss_fig is acc_fig", expected="loss_fig is not acc_fig")
    return loss_fig, acc_fig, out.path


def axes_of(plotted):
    """{'loss': ax, 'accuracy': ax}: the one Axes of each figure."""
    found = {}
    for name, fig in zip(FIGURES, plotted[:2]):
        axes = fig.get_axes()
        expect(len(axes) == 1, "axes_count", got=f"len(fig.axes) == {len(axes)}", expected="len(fig.axes) == 1", figure=name)
        found[name] = axes[0]
    return found


def curve(ax, key):
    """The line of ax that shows history[key], or None."""
    for line in ax.get_lines():
        y = np.asarray(line.get_ydata(), dtype=float)
        if y.shape == (len(HISTORY[key]),) and np.allclose(y, HISTORY[key]):
            return line
    return None


def plotted_lists(keys):
    return ", ".join(f"history[{k!r}]" for k in keys) or "[]"


def curves(plotted):
    """{'loss': (train_line, val_line), 'accuracy': (...)}, after checking each figure shows its own two lists."""
    found = {}
    axes = axes_of(plotted)
    for name, ax in axes.items():
        other = "accuracy" if name == "loss" else "loss"
        train, val = curve(ax, name), curve(ax, f"val_{name}")
        foreign = [k for k in (other, f"val_{other}") if curve(ax, k) is not None]
        shown = [k for k in HISTORY if curve(ax, k) is not None]
        if foreign and train is None and val is None:
            theirs = axes[other]  # swapped: the other figure shows this one's lists
            key = "swapped_figures" if curve(theirs, name) is not None or curve(theirs, f"val_{name}") is not None \
                else "wrong_curves"
            fail(key, got=plotted_lists(shown), expected=f"history['{name}'], history['val_{name}']", figure=name)
        expect(not foreign, "one_figure", got=plotted_lists(shown), expected=f"history['{name}'], history['val_{name}']", figure=name)
        for key, line in ((name, train), (f"val_{name}", val)):
            expect(line is not None, "missing_curve", got=plotted_lists(shown),
                   expected=f"history['{key}']", series=key, figure=name)
        found[name] = (train, val)
    return found


def test_two_figures(plotted):
    """plot_history returns two different Figures, each with one Axes."""
    axes_of(plotted)


def test_curves(plotted):
    """Each figure shows its training and validation lists against epochs 1..N."""
    for name, lines in curves(plotted).items():
        for line in lines:
            x = np.asarray(line.get_xdata(), dtype=float).tolist()
            expect(x != list(range(len(EPOCHS))), "epochs_zero", got=f"x = {x}", expected=f"x = {EPOCHS}", figure=name)
            expect(x == EPOCHS, "epochs", got=f"x = {x}", expected=f"x = {EPOCHS}", figure=name)


def style(line):
    """(marker, linestyle) of a line, 'None' for none."""
    none = (None, "", " ", "None", "none")
    marker, linestyle = line.get_marker(), line.get_linestyle()
    return ("None" if marker in none else str(marker), "None" if linestyle in none else str(linestyle))


def describe(line):
    marker, linestyle = style(line)
    return f"marker={marker!r}, linestyle={linestyle!r}"


def test_styles(plotted):
    """Training is drawn as dots without a line ('bo'), validation as a solid line ('b')."""
    for name, (train, val) in curves(plotted).items():
        got = f"{describe(train)} / {describe(val)}"
        right = "marker='o', linestyle='None' / marker='None', linestyle='-'"
        expect(style(train) != style(val), "same_style", got=got, expected=right, figure=name)
        expect(style(train)[0] != "None" and style(train)[1] == "None", "train_style", got=got, expected=right, figure=name)
        expect(style(val)[1] == "-", "val_style", got=got, expected=right, figure=name)


def test_titles_and_labels(plotted):
    """Each figure has its own title and both axis labels."""
    axes = axes_of(plotted)
    for name, ax in axes.items():
        expect(ax.get_title().strip() != "", "title", got=f"ax.get_title() == {ax.get_title()!r}", expected="ax.set_title(...)", figure=name)
        labels = f"xlabel={ax.get_xlabel()!r}, ylabel={ax.get_ylabel()!r}"
        expect(ax.get_xlabel().strip() and ax.get_ylabel().strip(), "axis_labels", got=labels,
               expected="ax.set_xlabel(...) and ax.set_ylabel(...)", figure=name)
    titles = [ax.get_title() for ax in axes.values()]
    expect(titles[0] != titles[1], "same_title", got=f"{titles[0]!r} == {titles[1]!r}", expected=f"{titles[0]!r} != ...")
    ylabels = [ax.get_ylabel() for ax in axes.values()]
    expect(ylabels[0] != ylabels[1], "same_ylabel", got=f"{ylabels[0]!r} == {ylabels[1]!r}", expected="'Loss', 'Accuracy'")


def test_legend(plotted):
    """Each figure has a legend naming the training and the validation curve."""
    for name, ax in axes_of(plotted).items():
        legend = ax.get_legend()
        expect(legend is not None, "legend", got="ax.get_legend() is None", expected="ax.legend()", figure=name)
        texts = [t.get_text() for t in legend.get_texts()]
        labelled = [line.get_label() for line in ax.get_lines() if not str(line.get_label()).startswith("_")]
        expect(texts or not labelled, "legend_early", got="legend: []", expected=f"legend: {labelled}", figure=name)
        expect(len(texts) == 2 and len(set(texts)) == 2 and all(t.strip() for t in texts), "legend_labels",
               got=f"legend: {texts}", expected=f"legend: ['Training {name}', 'Validation {name}']", figure=name)


def test_saved_files(plotted):
    """loss.png and accuracy.png are saved in out_dir as PNG images."""
    out_dir = plotted[2]
    saved = sorted(p.name for p in out_dir.iterdir()) if out_dir is not None and out_dir.is_dir() else []
    for name in FIGURES:
        head = read_head(out_dir / f"{name}.png", len(PNG)) if out_dir is not None else None
        expect(head is not None, "saved", got=f"out_dir: {saved}", expected=f"out_dir: ['{name}.png', ...]", file=f"{name}.png")
        expect(head == PNG, "png", got=head, expected=PNG, file=f"{name}.png")


def after_pass(learner, seen):
    """Once the checks pass: the learner's plot_history on their own training (step 8's, as it was kept), the
    figures saved as plots/loss.png and plots/accuracy.png in the project (exercises only, never a copy
    being graded)."""
    import shutil

    from kata.manifest import ROOT

    history = seen.kept("history")
    if learner.path.parent != ROOT / "exercises" or not isinstance(history, dict) or learner.overrides:
        return
    out = OutDir("plots")
    result = learner.call("plot_history", history, out)
    if not (isinstance(result, (tuple, list)) and len(result) == 2):
        return
    folder = ROOT / "plots"
    folder.mkdir(exist_ok=True)
    saved = {}
    for name in FIGURES:
        source = out.path / f"{name}.png" if out.path is not None else None
        if source is None or read_head(source, len(PNG)) != PNG or source.is_symlink():
            return
        shutil.copyfile(source, folder / f"{name}.png")
        saved[f"{name}_png"] = f"plots/{name}.png"
    seen.add({"epochs": len(history.get("loss") or []), **saved})
