"""The post's history.history['acc'] on what is already the dict history.history (an AttributeError)."""
from pathlib import Path

import matplotlib.pyplot as plt

EXPECT = "known.history_is_dict"


def plot_history(history, out_dir):
    history_dict = history.history
    acc = history_dict["acc"]
    epochs = range(1, len(acc) + 1)
    fig, ax = plt.subplots()
    ax.plot(epochs, acc, "bo", label="Training acc")
    fig.savefig(Path(out_dir) / "accuracy.png")
    return fig, fig
