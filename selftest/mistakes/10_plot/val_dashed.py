"""Validation drawn as a dashed line (b--) instead of a solid one."""
from pathlib import Path

import matplotlib.pyplot as plt

EXPECT = "plot.val_style"


def plot_history(history, out_dir):
    out_dir = Path(out_dir)
    epochs = range(1, len(history["loss"]) + 1)
    loss_fig, ax = plt.subplots()
    ax.plot(epochs, history["loss"], "bo", label="Training loss")
    ax.plot(epochs, history["val_loss"], "b--", label="Validation loss")
    ax.set_title("Training and validation loss")
    ax.set_xlabel("Epochs")
    ax.set_ylabel("Loss")
    ax.legend()
    loss_fig.savefig(out_dir / "loss.png")
    acc_fig, ax = plt.subplots()
    ax.plot(epochs, history["accuracy"], "bo", label="Training accuracy")
    ax.plot(epochs, history["val_accuracy"], "b--", label="Validation accuracy")
    ax.set_title("Training and validation accuracy")
    ax.set_xlabel("Epochs")
    ax.set_ylabel("Accuracy")
    ax.legend()
    acc_fig.savefig(out_dir / "accuracy.png")
    return loss_fig, acc_fig
