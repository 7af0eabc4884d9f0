"""ax.legend() called before the curves are drawn: an empty legend."""
from pathlib import Path

import matplotlib.pyplot as plt

EXPECT = "plot.legend_early"


def plot_history(history, out_dir):
    out_dir = Path(out_dir)
    epochs = range(1, len(history["loss"]) + 1)
    figures = []
    for name in ("loss", "accuracy"):
        fig, ax = plt.subplots()
        ax.legend()
        ax.plot(epochs, history[name], "bo", label=f"Training {name}")
        ax.plot(epochs, history[f"val_{name}"], "b", label=f"Validation {name}")
        ax.set_title(f"Training and validation {name}")
        ax.set_xlabel("Epochs")
        ax.set_ylabel(name.capitalize())
        fig.savefig(out_dir / f"{name}.png")
        figures.append(fig)
    return tuple(figures)
