"""The post's pyplot calls (plt.plot, plt.title, plt.savefig), each figure made with plt.figure() and kept:
titles set on the figure (plt.suptitle), labels and legend through pyplot, epochs as a NumPy range."""
import os

import matplotlib.pyplot as plt
import numpy as np


def plot_history(history, out_dir):
    epochs = np.arange(1, len(history["loss"]) + 1)
    loss_fig = plt.figure()
    plt.plot(epochs, history["loss"], "bo", label="Training loss")
    plt.plot(epochs, history["val_loss"], "b", label="Validation loss")
    plt.suptitle("Training and validation loss")
    plt.xlabel("Epochs")
    plt.ylabel("Loss")
    plt.legend()
    plt.savefig(os.path.join(str(out_dir), "loss.png"))

    acc_fig = plt.figure()
    plt.plot(epochs, history["accuracy"], "bo", label="Training acc")
    plt.plot(epochs, history["val_accuracy"], "b", label="Validation acc")
    plt.title("Accuracy", loc="left")
    plt.xlabel("Epochs")
    plt.ylabel("Accuracy")
    plt.legend()
    plt.savefig(os.path.join(str(out_dir), "accuracy"))  # savefig adds ".png"
    return loss_fig, acc_fig
