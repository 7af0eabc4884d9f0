"""All four curves on one figure; an empty second figure returned."""
from pathlib import Path

import matplotlib.pyplot as plt

EXPECT = "plot.one_figure"


def plot_history(history, out_dir):
    epochs = range(1, len(history["loss"]) + 1)
    fig, ax = plt.subplots()
    for key in ("loss", "accuracy"):
        ax.plot(epochs, history[key], "bo", label=f"Training {key}")
        ax.plot(epochs, history[f"val_{key}"], "b", label=f"Validation {key}")
    ax.set_title("Training and validation")
    ax.set_xlabel("Epochs")
    ax.set_ylabel("Loss and accuracy")
    ax.legend()
    fig.savefig(Path(out_dir) / "loss.png")
    fig.savefig(Path(out_dir) / "accuracy.png")
    other, _ = plt.subplots()
    return fig, other
