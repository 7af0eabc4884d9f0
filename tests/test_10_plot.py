"""Step 10 · plot: checks for exercises/10_plot.py (plot_history).

The check feeds a made-up history of 6 epochs (no training needed) and reads the returned figures,
as the learner process describes them: axes, title, labels, legend and the data and style of each line.
A figure is judged by what it draws, however it was drawn (pyplot or the Axes, a title on the Axes or the
figure), and so is a saved file: each time a figure is saved, the learner process notes what it showed and the
digest of the bytes written, and the judge finds loss.png and accuracy.png among those saves by their digest.
"""

import numpy as np
import pytest

from kata.i18n import t
from kata.judge.checking import OutDir, expect, fail
from kata.judge.views import AxesView, FigureView, file_digest, read_head

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


def title(fig, ax) -> str:
    """The figure's title however it was set: on the Axes (centre, left or right: ax.set_title, plt.title) or on
    the figure (fig.suptitle, plt.suptitle)."""
    for text in (ax.get_title(), ax.get_title(loc="left"), ax.get_title(loc="right"), fig.get_suptitle()):
        if text.strip():
            return text
    return ""


def labels(fig, ax) -> tuple:
    """(x label, y label): the Axes' own (ax.set_xlabel, plt.xlabel), else the figure's (fig.supxlabel)."""
    return ax.get_xlabel() or fig.get_supxlabel(), ax.get_ylabel() or fig.get_supylabel()


def test_titles_and_labels(plotted):
    """Each figure has its own title and both axis labels."""
    axes = axes_of(plotted)
    figures = dict(zip(FIGURES, plotted[:2]))
    for name, ax in axes.items():
        fig = figures[name]
        expect(title(fig, ax).strip() != "", "title", got=f"ax.get_title() == {ax.get_title()!r}", expected="ax.set_title(...)", figure=name)
        x, y = labels(fig, ax)
        expect(x.strip() and y.strip(), "axis_labels", got=f"xlabel={x!r}, ylabel={y!r}",
               expected="ax.set_xlabel(...) and ax.set_ylabel(...)", figure=name)
    titles = [title(figures[name], ax) for name, ax in axes.items()]
    expect(titles[0] != titles[1], "same_title", got=f"{titles[0]!r} == {titles[1]!r}", expected=f"{titles[0]!r} != ...")
    ylabels = [labels(figures[name], ax)[1] for name, ax in axes.items()]
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
    """loss.png and accuracy.png are saved in out_dir as PNG images, each a picture of its figure as returned."""
    out_dir = plotted[2]
    saved = sorted(p.name for p in out_dir.iterdir()) if out_dir is not None and out_dir.is_dir() else []
    figures = dict(zip(FIGURES, plotted[:2]))
    for name in FIGURES:
        file = f"{name}.png"
        head = read_head(out_dir / file, len(PNG)) if out_dir is not None else None
        expect(head is not None, "saved", got=f"out_dir: {saved}", expected=f"out_dir: ['{file}', ...]", file=file)
        expect(head == PNG, "png", got=head, expected=PNG, file=file)
        _picture_of(figures, name, file_digest(out_dir / file), file)


def _picture_of(figures: dict, name: str, digest, file: str) -> None:
    """The file is the save of the `name` figure, made once the figure was what plot_history returns."""
    saves = [(owner, save) for owner, fig in figures.items() for save in fig.saves if save.sha256 == digest]
    saves.sort(key=lambda pair: pair[0] != name)  # the same picture saved by both: it is this figure's
    if not saves:
        fail("saved_unknown", got=f"{file}: a PNG no returned figure saved", expected=f"{name}_fig.savefig(...)", file=file,
             figure=name)
    owner, save = saves[0]
    if owner != name:
        fail("saved_other_figure", got=f"{file}: the {owner} figure", expected=f"{file}: the {name} figure", file=file,
             figure=name, other=owner)
    parts = _differences(save.figure, figures[name])
    if parts:
        fail("saved_early", got=f"{file}: {_picture(save.figure)}", expected=f"{file}: {_picture(figures[name])}",
             file=file, figure=name, parts=", ".join(t(f"plot.part.{part}") for part in parts))


def _differences(then, now) -> list:
    """What a figure showed when it was saved and does not show as returned, or the other way: part names."""
    parts = []
    a, b = then.get_axes(), now.get_axes()
    if len(a) != len(b):
        return ["axes"]
    pairs = list(zip(a, b))
    if any(x.described.get("lines") != y.described.get("lines") for x, y in pairs):
        parts.append("lines")
    if any((x.get_title(), x.get_title(loc="left"), x.get_title(loc="right")) !=
           (y.get_title(), y.get_title(loc="left"), y.get_title(loc="right")) for x, y in pairs) \
            or then.get_suptitle() != now.get_suptitle():
        parts.append("title")
    if any((x.get_xlabel(), x.get_ylabel()) != (y.get_xlabel(), y.get_ylabel()) for x, y in pairs) \
            or (then.get_supxlabel(), then.get_supylabel()) != (now.get_supxlabel(), now.get_supylabel()):
        parts.append("labels")
    if any(x.described.get("legend") != y.described.get("legend") for x, y in pairs):
        parts.append("legend")
    return parts


def _picture(fig) -> str:
    """A figure in a few words: its lines, title and legend."""
    axes = fig.get_axes()
    if not axes:
        return "no Axes"
    ax = axes[0]
    legend = ax.get_legend()
    said = [x.get_text() for x in legend.get_texts()] if legend is not None else None
    return f"{len(ax.get_lines())} line(s), title {title(fig, ax)!r}, legend {said}"


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
