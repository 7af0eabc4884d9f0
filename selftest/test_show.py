"""What a passed step shows (kata.cli.seen) and how the terminal shows it (kata.console): the learner's numbers, never anything that breaks the terminal."""

from types import SimpleNamespace

from kata import console
from kata.cli import seen as show
from kata.manifest import step, steps


def lines(name, values, lang="en"):
    return show.seen_lines(SimpleNamespace(step=step(name), seen=values), lang)


def history(val_loss):
    n = len(val_loss)
    return {"loss": [1 - i / n for i in range(n)], "accuracy": [i / n for i in range(n)],
            "val_loss": val_loss, "val_accuracy": [0.5 + i / (4 * n) for i in range(n)]}


def test_training_marks_the_lowest_validation_loss_and_names_overfitting_only_when_it_rose():
    rising = lines("train", {"history": history([0.7, 0.5, 0.4, 0.35, 0.3, 0.31, 0.33, 0.36, 0.4])})
    assert any("lowest at epoch 5" in line for line in rising)
    mark = next(line for line in rising if line.strip() == "^")
    spark = next(line for line in rising if line.lstrip().startswith("val_loss"))
    assert spark[mark.index("^")] == show.SPARKS[0], (spark, mark)  # the caret stands under the lowest point
    assert any("overfitting" in line and "epoch 6" in line for line in rising)
    falling = lines("train", {"history": history([0.7, 0.5, 0.4, 0.35, 0.3, 0.29, 0.28, 0.27, 0.26])})
    assert not any("overfitting" in line for line in falling)


def test_a_falling_loss_falls_all_along_its_sparkline():
    """Step 8's training loss falls from 0.69 to 0.12, most of it in the first epochs: each row has its own scale,
    so the line falls from the first epoch to the last instead of staying flat at the top for half of them."""
    loss = [0.69 * 0.956 ** i for i in range(40)]  # 0.69 ... 0.12, the shape of the post's training loss
    spark = show.sparkline(loss)
    levels = [show.SPARKS.index(c) for c in spark]
    assert levels[0] == len(show.SPARKS) - 1 and levels[-1] == 0 and levels == sorted(levels, reverse=True)
    assert max(spark[:21].count(c) for c in set(spark[:21])) <= 6, f"flat at the top: {spark}"
    val_loss = [0.69 - 0.015 * i for i in range(28)] + [0.275 + 0.002 * i for i in range(1, 13)]
    spark = show.sparkline(val_loss)
    assert spark[27] == show.SPARKS[0] and spark[-1] > spark[27], f"the rise after the lowest point is hidden: {spark}"
    assert show.sparkline([]) == "" and show.sparkline([0.5, 0.5]) == show.SPARKS[0] * 2


def test_a_line_with_a_missing_value_is_left_out():
    assert lines("load", {"train": 25000}) == []
    assert lines("load", {"train": 25000, "test": 25000, "positive": 12500, "negative": 12500})


def test_numbers_follow_the_language():
    pt = lines("load", {"train": 25000, "test": 25000, "positive": 12500, "negative": 12500}, "pt_BR")[0]
    assert "25.000" in pt and "12.500" in pt
    shown = lines("evaluate", {"loss": 0.3114, "accuracy": 0.87721}, "pt_BR")[0]
    assert "0,8772" in shown and "0.87" not in shown
    assert "0.8772" in lines("evaluate", {"loss": 0.3114, "accuracy": 0.87721}, "en")[0]


def test_marks_show_each_bar_reached_or_not_and_the_gap_to_the_next():
    """A step with marks (kata/steps.toml) shows them once it passes: each bar, reached or not, and how far the next is."""
    marked = next(s for s in steps() if s.marks)
    low, high = min(m.at for m in marked.marks), max(m.at for m in marked.marks)
    values = {m.measure: low for m in marked.marks}
    text = show.marks_line(marked, values, "en")
    assert text.startswith(f"{low:.2f} ✔") and f"{high:.2f} ✗" in text, text
    assert f"{high - low:.4f}" in text if high > low else "✗" not in text
    assert "✗" not in show.marks_line(marked, {m.measure: high for m in marked.marks}, "en")
    assert show.marks_line(marked, {}, "en") is None  # no number measured: no line
    assert show.marks_line(step("load"), {"train": 25000}, "en") is None  # no marks: no line
    for lang in ("en", "pt_BR"):
        shown = show.seen_lines(SimpleNamespace(step=marked, seen={**values, "seconds": 20, "post": 0.872,
                                                                  "reference": 0.9}), lang)
        assert any(text.split(" (")[0] in line for line in shown), shown


def test_the_words_picture_is_a_png(tmp_path):
    """Step 15's picture (kata.judge.pictures): one bar per word, saved as a PNG."""
    from kata.judge.pictures import draw_words

    figure = draw_words([("great", 3.5), ("fine", 1.0)], [("awful", -4.0), ("dull", -2.5)], tmp_path / "words.png")
    assert (tmp_path / "words.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    labels = [label.get_text() for label in figure.axes[0].get_yticklabels()]
    assert labels == ["great", "fine", "dull", "awful"]  # the most positive on top, the most negative at the bottom


def test_text_from_the_learners_code_cannot_reach_the_terminal_as_codes():
    shown = lines("decode", {"decoded": "good\x1b[2J\x1b]0;title\x07 film\u202e", "decoded_short": "x"})[0]
    assert "\x1b" not in shown and "\x07" not in shown and "\u202e" not in shown


def test_lines_wrap_to_the_terminal_under_their_own_text():
    line = "  Likely cause: " + "word " * 40
    parts = console.wrap(line, 60)
    assert len(parts) > 1 and all(len(p) <= 60 for p in parts)
    assert all(p.startswith("    ") for p in parts[1:])  # continued under the text, not at the margin
    assert " ".join(p.strip() for p in parts) == line.strip()


def test_colour_only_on_a_terminal_and_never_with_no_color(monkeypatch):
    assert console.paint("ok", "done", on=False) == "ok"
    assert console.paint("ok", "done", on=True) == "\x1b[32mok\x1b[0m"

    class Tty:
        def isatty(self):
            return True

    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("TERM", "xterm")
    assert console.colour_on(Tty())
    monkeypatch.setenv("NO_COLOR", "1")
    assert not console.colour_on(Tty())


def test_numbers_in_prose_follow_the_language_and_code_stays_code():
    from kata.i18n import fill

    assert fill("{n} ids, `maxlen={n}`, maxlen={n}, {f}", {"n": 10000, "f": 0.88612}, "pt_BR") == \
        "10.000 ids, `maxlen=10000`, maxlen=10000, 0,8861"
    assert fill("{n} ids, {f}, {s}", {"n": 10000, "f": 0.88612, "s": "0.0100"}, "en") == "10,000 ids, 0.8861, 0.0100"
    assert fill("Python {v}", {"v": "3.11"}, "pt_BR") == "Python 3.11"  # a version is no measure


def test_the_judges_views_of_a_learners_values_never_show_the_kata():
    """A view the judge reads a learner's value through (a model file, a History, a figure, a save of it) is shown
    as what the value was: "Your code gave" never names a class of the kata."""
    from kata.judge import views
    from kata.judge.feedback import show as shown

    axes = views.AxesView({"title": "Loss", "lines": [{"x": [1], "y": [0.5], "label": "loss"}], "legend": ["loss"]})
    values = [views.ModelFile("model.keras", {"class_name": "Sequential"}), views.ModelFile("m.keras", {}),
              views.HistoryView({"loss": [0.5]}, {}, [0], "keras.callbacks.History", [0]),
              views.FigureView([axes]), axes, views.SavedView("loss.png", "0" * 64, {"axes": [{"title": "Loss"}]})]
    for value in values:
        text = shown(value)
        assert "kata" not in text and " object at " not in text, text
