"""What a notebook shows beyond a verdict: step 10's plots drawn inline with the learner's own plot_history,
step 11's predictions on reviews (`kata.try_review`), and step 15's words placed by the learner's own word_scores.
For display only: verdicts come from the checks."""

from __future__ import annotations

import ast
import tempfile
from pathlib import Path

from kata.i18n import t
from kata.manifest import step
from kata.notebook.cells import sources, write_folder
from kata.notebook.panel import Panel, shell, show
from kata.notebook.runs import run_for_result

def try_review(*texts: str) -> None:
    """Your step 11 on reviews (the kata's examples by default), with the kata's trained model, as `make try`."""
    if any(not isinstance(x, str) or not x.strip() for x in texts):
        show(Panel([("wrong", t("notebook.no_texts"))]))
        return None
    where = write_folder(sources())
    handle = show(Panel([("title", t("notebook.predictions"))]))
    code, tail, result = run_for_result(["run-try", "--target", str(where)], texts)
    if code is None:
        show(Panel([("wrong", t("notebook.interrupted"))]), handle)
    elif result is None:
        show(Panel([("wrong", t("notebook.failed", code=code, tail=tail or "-"))]), handle)
    else:
        show(Panel([("title", t("notebook.predictions")), ("code", result["output"].rstrip())]), handle)
    return None


def _training_history() -> dict:
    """The kata's own training history (40 epochs) when it is stored here, else the made-up one step 10's
    checks use (tests/test_10_plot.py)."""
    try:  # read from the judge's cache as stored (nothing is built or trained here)
        from kata.shared import cache
        from kata.judge import oracle

        stored = cache.get_json(oracle.reference_name(), cache.folder("judge"))
        history = stored.get("history") if isinstance(stored, dict) else None
        if isinstance(history, dict) and all(k in history for k in ("loss", "val_loss", "accuracy", "val_accuracy")):
            return history
    except Exception:  # no data, no cache: the made-up history still shows the plots
        pass
    tree = ast.parse(step("plot").test().read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(getattr(x, "id", "") == "HISTORY" for x in node.targets):
            return ast.literal_eval(node.value)
    return {}


def show_plots() -> None:
    """Step 10 inline: the learner's plot_history (as defined in this kernel) drawn on the kata's training. For
    display only: the verdict came from the checks."""
    kernel = shell()
    fn = kernel.user_ns.get("plot_history") if kernel is not None else None
    if not callable(fn):
        show(Panel([("", t("notebook.plots_missing"))]))
        return None
    from IPython.display import Image, display

    history = {k: list(v) for k, v in _training_history().items()}
    with tempfile.TemporaryDirectory(prefix="kata-plots-") as tmp:
        try:
            figures = fn(history, tmp)
            pictures = [Path(tmp) / name for name in ("loss.png", "accuracy.png")]
            shown = [Image(filename=str(p)) for p in pictures if p.exists()]
        except Exception as exc:  # the learner's own code, in their kernel: a sentence, not a traceback
            show(Panel([("wrong", t("notebook.plots_failed", error=f"{type(exc).__name__}: {exc}"[:300]))]))
            return None
        finally:
            _close_figures(locals().get("figures"))
        show(Panel([("title", t("notebook.plots", epochs=len(history.get("loss", []))))]))
        for picture in shown:
            display(picture)
    return None


def _close_figures(figures) -> None:
    """Close what plot_history made, so that the inline backend does not draw it a second time."""
    try:
        import matplotlib.pyplot as plt

        for fig in figures if isinstance(figures, (tuple, list)) else []:
            plt.close(fig)
    except Exception:
        pass


def show_words() -> None:
    """Step 15 inline: the learner's word_scores (as defined in this kernel) on the kata's trained model, drawn as
    `make check` draws plots/words.png. For display only: the verdict came from the checks."""
    kernel = shell()
    fn = kernel.user_ns.get("word_scores") if kernel is not None else None
    if not callable(fn):
        show(Panel([("", t("notebook.words_missing"))]))
        return None
    from IPython.display import Image, display

    with tempfile.TemporaryDirectory(prefix="kata-words-") as tmp:
        try:
            from kata.shared import imdb, post

            post.quiet_tensorflow()  # before Keras's first import in this kernel: no start-up lines in the cell
            import keras

            from kata.judge import oracle
            from kata.judge.pictures import draw_words

            if not oracle.trained_weights_ready():  # the check just trained and stored it; nothing is trained here
                raise RuntimeError(t("notebook.words_no_model"))
            model = keras.Sequential(post.layers())
            model.load_weights(oracle.trained_weights())
            positive, negative = fn(model, imdb.get_word_index(), 20)
            draw_words(positive, negative, Path(tmp) / "words.png")  # saved and closed: drawn once, as a PNG
            picture = Image(filename=str(Path(tmp) / "words.png"))
        except Exception as exc:  # the learner's own code, in their kernel: a sentence, not a traceback
            show(Panel([("wrong", t("notebook.words_failed", error=f"{type(exc).__name__}: {exc}"[:300]))]))
            return None
        show(Panel([("title", t("notebook.words"))]))
        display(picture)
    return None
