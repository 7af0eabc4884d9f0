"""Figures returned in the wrong order: (accuracy, loss)."""
import importlib.util
from pathlib import Path

EXPECT = "plot.swapped_figures"

_spec = importlib.util.spec_from_file_location("_plot_solution", Path(__file__).parents[3] / "solutions" / "10_plot.py")
_solution = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_solution)


def plot_history(history, out_dir):
    loss_fig, acc_fig = _solution.plot_history(history, out_dir)
    return acc_fig, loss_fig
