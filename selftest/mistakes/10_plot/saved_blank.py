"""The returned figures are right, but the files are saved from new, empty figures (plt.figure() then
plt.savefig: pyplot's current figure is the new one)."""
from pathlib import Path

import matplotlib.pyplot as plt

EXPECT = "plot.saved_unknown"


def plot_history(history, out_dir):
    out_dir = Path(out_dir)
    epochs = range(1, len(history["loss"]) + 1)
    figures = []
    for key in ("loss", "accuracy"):
        fig, ax = plt.subplots()
        ax.plot(epochs, history[key], "bo", label=f"Training {key}")
        ax.plot(epochs, history[f"val_{key}"], "b", label=f"Validation {key}")
        ax.set_title(f"Training and validation {key}")
        ax.set_xlabel("Epochs")
        ax.set_ylabel(key.capitalize())
        ax.legend()
        plt.figure()
        plt.savefig(out_dir / f"{key}.png")
        figures.append(fig)
    return tuple(figures)
