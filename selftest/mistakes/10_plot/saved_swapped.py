"""Each figure right, but saved under the other's name: loss.png holds the accuracy plot."""
from pathlib import Path

import matplotlib.pyplot as plt

EXPECT = "plot.saved_other_figure"


def plot_history(history, out_dir):
    out_dir = Path(out_dir)
    epochs = range(1, len(history["loss"]) + 1)
    figures = []
    for key, file in (("loss", "accuracy.png"), ("accuracy", "loss.png")):
        fig, ax = plt.subplots()
        ax.plot(epochs, history[key], "bo", label=f"Training {key}")
        ax.plot(epochs, history[f"val_{key}"], "b", label=f"Validation {key}")
        ax.set_title(f"Training and validation {key}")
        ax.set_xlabel("Epochs")
        ax.set_ylabel(key.capitalize())
        ax.legend()
        fig.savefig(out_dir / file)
        figures.append(fig)
    return tuple(figures)
