"""legend() called, but no curve has a label=: the legends are empty."""
from pathlib import Path

import matplotlib.pyplot as plt

EXPECT = "plot.legend_labels"


def plot_history(history, out_dir):
    epochs = range(1, len(history["loss"]) + 1)
    figs = []
    for key in ("loss", "accuracy"):
        fig, ax = plt.subplots()
        ax.plot(epochs, history[key], "bo")
        ax.plot(epochs, history[f"val_{key}"], "b")
        ax.set_title(f"Training and validation {key}")
        ax.set_xlabel("Epochs")
        ax.set_ylabel(key)
        ax.legend()
        fig.savefig(Path(out_dir) / f"{key}.png")
        figs.append(fig)
    return tuple(figs)
