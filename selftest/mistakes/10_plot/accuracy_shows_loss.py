"""The accuracy figure draws the loss lists again (a copy-paste of the loss figure)."""
from pathlib import Path

import matplotlib.pyplot as plt

EXPECT = "plot.wrong_curves"


def plot_history(history, out_dir):
    out_dir = Path(out_dir)
    epochs = range(1, len(history["loss"]) + 1)
    figures = []
    for name in ("loss", "accuracy"):
        fig, ax = plt.subplots()
        ax.plot(epochs, history["loss"], "bo", label="Training loss")
        ax.plot(epochs, history["val_loss"], "b", label="Validation loss")
        ax.set_title(f"Training and validation {name}")
        ax.set_xlabel("Epochs")
        ax.set_ylabel(name.capitalize())
        ax.legend()
        fig.savefig(out_dir / f"{name}.png")
        figures.append(fig)
    return tuple(figures)
