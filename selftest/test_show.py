"""What a passed step shows (kata.cli.seen) and how the terminal shows it (kata.console): the learner's numbers, never anything that breaks the terminal."""

from types import SimpleNamespace

from kata import console
from kata.cli import seen as show
from kata.manifest import step


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


def test_counts_follow_the_language_and_measures_keep_their_point():
    pt = lines("load", {"train": 25000, "test": 25000, "positive": 12500, "negative": 12500}, "pt_BR")[0]
    assert "25.000" in pt and "12.500" in pt
    assert "0.8772" in lines("evaluate", {"loss": 0.3114, "accuracy": 0.87721}, "pt_BR")[0]


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
