"""Both curves in one ax.plot call, the legend's labels given to legend(), the axes set in one ax.set call, the
figure written through an open file, and figures closed after saving."""
from pathlib import Path

import matplotlib.pyplot as plt


def plot_history(history, out_dir):
    out_dir = Path(out_dir)
    epochs = list(range(1, len(history["loss"]) + 1))
    figures = []
    for key, label in (("loss", "Loss"), ("accuracy", "Accuracy")):
        fig, ax = plt.subplots()
        ax.plot(epochs, history[key], "bo", epochs, history["val_" + key], "b-")
        ax.set(title=f"Training and validation {key}", xlabel="Epochs", ylabel=label)
        ax.legend(["Training", "Validation"])
        with open(out_dir / f"{key}.png", "wb") as f:
            fig.savefig(f, format="png")
        plt.close(fig)
        figures.append(fig)
    return figures[0], figures[1]
