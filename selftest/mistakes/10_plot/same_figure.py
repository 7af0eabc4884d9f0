"""The post's pyplot style: plt.clf() wipes the one current figure, which is returned twice."""
from pathlib import Path

import matplotlib.pyplot as plt

EXPECT = "plot.same_figure"


def plot_history(history, out_dir):
    epochs = range(1, len(history["loss"]) + 1)
    plt.plot(epochs, history["loss"], "bo", label="Training loss")
    plt.plot(epochs, history["val_loss"], "b", label="Validation loss")
    plt.title("Training and validation loss")
    plt.xlabel("Epochs")
    plt.ylabel("Loss")
    plt.legend()
    plt.savefig(Path(out_dir) / "loss.png")
    loss_fig = plt.gcf()
    plt.clf()
    plt.plot(epochs, history["accuracy"], "bo", label="Training accuracy")
    plt.plot(epochs, history["val_accuracy"], "b", label="Validation accuracy")
    plt.title("Training and validation accuracy")
    plt.xlabel("Epochs")
    plt.ylabel("Accuracy")
    plt.legend()
    plt.savefig(Path(out_dir) / "accuracy.png")
    return loss_fig, plt.gcf()
