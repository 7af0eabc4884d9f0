"""`make try TEXT="..."`: the learner's step 11 on their own reviews, with the kata's trained model."""

from __future__ import annotations

import os

from kata.cli.seen import clean
from kata.i18n import t
from kata.manifest import step

TRY_EXAMPLES = ("A wonderful, moving film. The acting is superb.", "Dull and far too long.", "bad")


def _listed(items) -> str:
    return ", ".join(clean(w, 30) for w in items[:12]) + (" …" if len(items) > 12 else "") or t("try.none")


def cmd_try(args) -> int:
    from kata.judge import oracle
    from kata.judge.checking import Learner, PostModel, is_number, target_folder
    from kata.judge.feedback import Feedback

    texts = list(args.text) or ([os.environ["TEXT"]] if os.environ.get("TEXT") else list(TRY_EXAMPLES))
    learner = Learner(step("predict"), target_folder(args.target))
    if not oracle.trained_weights_ready():
        print(t("try.training"), flush=True)
    index = oracle.word_index()
    for text in texts:
        words = oracle.tokenize(text)
        unknown = [w for w in words if index.get(w) is None or index[w] >= oracle.NUM_WORDS]
        known = [w for w in words if w not in unknown]
        if not known:  # an empty review, as far as the model can tell: no verdict to give
            print(t("try.unknown_all", text=text))
            continue
        try:
            p = learner.call("predict_sentiment", PostModel(trained=True), text, index)
            ids = learner.call("encode_review", text, index)
        except Feedback as fb:
            print(t("try.failed", text=text))
            print("  " + fb.render().replace("\n", "\n  "))
            return 1
        if is_number(p) and getattr(p, "ndim", 0) == 0:  # a NumPy float, a 0-d array: one number, as the checks take it
            p = float(p)
        verdict = t("try.positive") if isinstance(p, float) and p >= 0.5 else t("try.negative")
        shown = f"{p:.3f}" if isinstance(p, float) else repr(p)
        print(f"{shown}  {verdict}  {clean(text)}")
        print("       " + t("try.words", known=len(known), total=len(words), known_words=_listed(known),
                             unknown=_listed(unknown)))
        if isinstance(ids, list) and len(ids) < 20:
            print("       " + t("try.short", ids=len(ids), padding=oracle.MAXLEN - len(ids)))
    return 0
