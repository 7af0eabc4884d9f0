"""Step 10 · Plot loss and accuracy: reference solution."""

from pathlib import Path

import matplotlib.pyplot as plt


def plot_history(history, out_dir):
    """Plot loss and accuracy per epoch from a History.history dict; save loss.png and accuracy.png
    in out_dir; return `(loss_figure, accuracy_figure)`."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    epochs = range(1, len(history["loss"]) + 1)

    loss_fig, ax = plt.subplots()
    ax.plot(epochs, history["loss"], "bo", label="Training loss")  # blue dots
    ax.plot(epochs, history["val_loss"], "b", label="Validation loss")  # solid blue line
    ax.set_title("Training and validation loss")
    ax.set_xlabel("Epochs")
    ax.set_ylabel("Loss")
    ax.legend()
    loss_fig.savefig(out_dir / "loss.png")

    acc_fig, ax = plt.subplots()
    ax.plot(epochs, history["accuracy"], "bo", label="Training accuracy")
    ax.plot(epochs, history["val_accuracy"], "b", label="Validation accuracy")
    ax.set_title("Training and validation accuracy")
    ax.set_xlabel("Epochs")
    ax.set_ylabel("Accuracy")
    ax.legend()
    acc_fig.savefig(out_dir / "accuracy.png")

    return loss_fig, acc_fig
