"""Step 11 · predict: checks for exercises/11_predict.py (encode_review, predict_sentiment).

encode_review is checked on short texts that each test one rule (capitals, punctuation, unknown
words, rare words); predict_sentiment on a clearly positive and a clearly negative review, with the
reference model (the judge's own training; its weights are loaded in the learner process). The
expected probability is the judge's own prediction with the same weights. Known-wrong answers are
recognised by computing them with the reference pipeline and comparing.
"""

import ast
import math
import string

import numpy as np

from kata.judge.checking import PostModel, expect, fail, is_number, show
from kata.judge.feedback import Feedback

JUDGE_IMPORTS = ("keras",)  # the judge reads models itself: imported while the learner process starts

LOWER_TEXT = "I Loved This Movie And The Acting Was Great"
# punctuation between words with no space ('film!the', 'well-made'): deleting it instead of replacing it glues words
PUNCT_TEXT = "what a film!the plot, the music and the acting...i didn't expect it (really) to be so good. a well-made film"
UNKNOWN_TEXT = "i watched it on my smartphone and then posted a selfie"  # 'smartphone', 'selfie': not in the index
RARE_TEXT = "a double edged snoozefest i would never rewatch and the plot retains nothing"  # ids 9999, 31301, 21382, 10000
POSITIVE = ("What a wonderful film! The acting is brilliant, the story is touching, and I loved every minute "
            "of it. I would happily rewatch it on my smartphone.")
NEGATIVE = ("Awful. The plot made no sense, the acting was wooden and I was bored after ten minutes: a complete "
            "snoozefest and a waste of time. I want a refund!")
START, UNK = 1, 2


def index_copy(ref):
    """The shifted word index (each learner process gets its own copy: the learner's code may change it)."""
    return ref.word_index()


# ---------------------------------------------------------------- encode_review

def missing_word(fb: Feedback):
    """The word of a `KeyError: 'word'` crash, else None."""
    error = fb.values.get("error", "") if fb.kind == "crashed" else ""
    if not error.startswith("KeyError: "):
        return None
    try:
        word = ast.literal_eval(error[len("KeyError: "):])
    except (ValueError, SyntaxError):
        return None
    return word if isinstance(word, str) else None


def explain_missing(word, text, ref, fb):
    """A KeyError for `word` while encoding `text`: say which rule it breaks (or re-raise the crash)."""
    got = f"KeyError: {word!r}"
    if word == "":
        fail("empty_words", got=got, expected="text.split()", text=text)
    if word != word.lower():
        fail("lower", got=got, expected=repr(word.lower()), text=text)
    if any(c in ref.FILTERS for c in word):
        fail("punct", got=got, expected=repr(word.translate(str.maketrans(ref.FILTERS, " " * len(ref.FILTERS))).strip()), text=text)
    if word in ref.tokenize(text):
        fail("unk_keyerror", got=got, expected=f"{word!r} -> {UNK} (<UNK>)", word=word, text=text)
    raise fb


def as_ids(result, text):
    """The learner's result as a list of ints (or a message saying what was wanted)."""
    wanted = "[1, 14, 20, ...]"
    if isinstance(result, np.ndarray) and result.ndim == 1 and np.issubdtype(result.dtype, np.integer):
        return [int(i) for i in result]
    if not isinstance(result, (list, tuple)) or not all(
            isinstance(i, (int, np.integer)) and not isinstance(i, bool) for i in result):
        fail("encode_type", got=result, expected=wanted, text=text)
    return [int(i) for i in result]


def learner_ids(learner, ref, text):
    try:
        result = learner.call("encode_review", text, index_copy(ref))
    except Feedback as fb:
        word = missing_word(fb)
        if word is None:
            raise
        explain_missing(word, text, ref, fb)
    return as_ids(result, text)


def ids_of(ref, words, limit=None, drop=False, shift=0):
    """<START> then the ids of `words`, with the rules switched on or off (to build known-wrong answers).

    limit: the first id that becomes <UNK> (ref.NUM_WORDS when right; None keeps every id)."""
    index, out = ref.word_index(), [START]
    for w in words:
        i = index.get(w)
        if i is None or (limit is not None and i >= limit):
            if not drop:
                out.append(UNK)
        else:
            out.append(i + shift)
    return out


def wrong_encodings(ref, text):
    """(message key, ids) for the mistakes learners make, computed with the reference pipeline."""
    words = ref.tokenize(text)
    cleaned = text.lower().translate(str.maketrans(ref.FILTERS, " " * len(ref.FILTERS)))
    deleted = text.lower().translate(str.maketrans("", "", ref.FILTERS))
    no_apostrophe = text.lower().translate(str.maketrans(string.punctuation + "\t\n", " " * (len(string.punctuation) + 2)))
    return [
        ("start", ref.encode(text)[1:]),
        ("lower", ref.encode(text, lower=False)),
        ("punct", ref.encode(text, strip=False)),
        ("apostrophe", ids_of(ref, no_apostrophe.split(), ref.NUM_WORDS)),
        ("empty_words", ids_of(ref, cleaned.split(" "), ref.NUM_WORDS)),
        ("num_words", ids_of(ref, words, None)),
        ("num_words", ids_of(ref, words, ref.NUM_WORDS + 1)),  # `> 10000` instead of `>= 10000`
        ("num_words", ids_of(ref, words, ref.NUM_WORDS - 1)),  # `>= 9999`: the last id the model knows lost
        ("punct_deleted", ids_of(ref, deleted.split(), ref.NUM_WORDS)),
        ("unk_dropped", ref.encode(text, unk=False)),
        ("unk_dropped", ids_of(ref, words, None, drop=True)),
        ("offset", ids_of(ref, words, ref.NUM_WORDS, shift=3)),
        ("offset", ids_of(ref, words, ref.NUM_WORDS, shift=-3)),
    ]


def ids_keeping(ref, text, kept: str) -> list[int]:
    """The reference encoding with the characters `kept` left in the text (not turned into spaces)."""
    filters = "".join(c for c in ref.FILTERS if c not in kept)
    words = [w for w in text.lower().translate(str.maketrans(filters, " " * len(filters))).split(" ") if w]
    return ids_of(ref, words, ref.NUM_WORDS)


def kept_characters(ref, text, got) -> str:
    """The filter characters a learner's encoding left in place (a partial list of punctuation), or ""."""
    present = [c for c in ref.FILTERS if c in text]
    suspects = "".join(c for c in present if ids_keeping(ref, text, c) != ref.encode(text))
    for size in range(1, len(suspects) + 1):
        for combo in __import__("itertools").combinations(suspects, size):
            if ids_keeping(ref, text, "".join(combo)) == got:
                return "".join(combo)
    return ""


def first_difference(got, expected):
    return next((k for k, (a, b) in enumerate(zip(got, expected)) if a != b), min(len(got), len(expected)))


def excerpt(ids, n):
    """The ids around position n, where the learner's and the reference's first differ."""
    lo, hi = max(0, n - 2), n + 5
    if lo == 0:
        return show(ids)
    return f"ids[{lo}:{min(hi, len(ids))}] = {ids[lo:hi]}"


def check_encoding(learner, ref, text):
    """The learner's ids for `text` must be the reference's; a known mistake gets its own message."""
    got, expected = learner_ids(learner, ref, text), ref.encode(text)
    if got == expected:
        return
    if len(got) == ref.MAXLEN and got[:len(expected)] == expected and not any(got[len(expected):]):
        fail("encode_padded", got=f"len(ids) == {len(got)}: {show(got)}", expected=f"len(ids) == {len(expected)}: {show(expected)}", text=text)
    n = first_difference(got, expected)
    shown = dict(got=excerpt(got, n), expected=excerpt(expected, n), text=text)
    for key, wrong in wrong_encodings(ref, text):
        if wrong != expected and got == wrong:
            fail(key, **shown)
    kept = kept_characters(ref, text, got)
    if kept:
        fail("punct_partial", **shown, chars=" ".join(repr(c) for c in kept))
    if len(got) == len(expected):
        changed = {g for g, e in zip(got, expected) if g != e}
        if all(e == UNK for g, e in zip(got, expected) if g != e) and len(changed) == 1 and max(changed) < ref.NUM_WORDS:
            fail("unk_id", value=changed.pop(), **shown)
    words = ["<START>", *ref.tokenize(text)]
    word = words[n] if n < len(words) else ""
    fail("ids", position=n, word=word, **shown)


def test_lower_case(learner, ref):
    """encode_review lower-cases the text: 'Great' has the id of 'great'."""
    check_encoding(learner, ref, LOWER_TEXT)


def test_punctuation(learner, ref):
    """encode_review turns Keras's filter characters into spaces and keeps the apostrophe ("didn't")."""
    check_encoding(learner, ref, PUNCT_TEXT)


def test_unknown_words(learner, ref):
    """Words missing from word_index become <UNK> (2), neither dropped nor a KeyError."""
    check_encoding(learner, ref, UNKNOWN_TEXT)


def test_rare_words(learner, ref):
    """Words with an id of 10,000 or more become <UNK> (2): the model only knows ids 0 to 9999."""
    check_encoding(learner, ref, RARE_TEXT)


# ---------------------------------------------------------------- predict_sentiment

def padding_variants(ref, ids):
    """(how, batch) for the paddings learners get wrong: the padding before the words, another length."""
    yield "padding='pre'", ref.pad([ids], padding="pre")
    for maxlen in (100, 200, 250, 300, 500, 1000):
        yield f"maxlen={maxlen}", ref.pad([ids], maxlen=maxlen)


def sigmoid(x):
    return 1 / (1 + math.exp(-x))


def close(a, b):
    return math.isclose(a, b, rel_tol=1e-3, abs_tol=1e-6)


def check_probability(learner, ref, text, seen=None, name=None):
    learner.function("predict_sentiment")  # an untouched stub is "not started" before the model is loaded
    model, _ = ref.trained()
    try:
        p = learner.call("predict_sentiment", PostModel(trained=True), text, index_copy(ref))
    except Feedback as fb:
        word = missing_word(fb)
        if word is None:
            raise
        explain_missing(word, text, ref, fb)
    if isinstance(p, np.ndarray) or not isinstance(p, float):
        kind = getattr(p, "learner_type", None) or f"{type(p).__module__}.{type(p).__qualname__}"
        fail("not_float", got=f"{kind}: {show(p)}", expected="float")
    expect(is_number(p), "generic.nan", got=p, expected="0 <= p <= 1", function="predict_sentiment")
    expect(0 <= p <= 1, "range", got=p, expected="0 <= p <= 1")
    ids = ref.encode(text)
    expected = ref.predict_proba(model, ids)
    if close(p, expected):
        if seen is not None:
            seen.add({name: float(p)})
        return
    if p in (0.0, 1.0) and round(expected) == p:
        fail("rounded", got=p, expected=expected)
    if close(p, ref.predict_proba(model, ids, padded_input=False)):
        fail("not_padded", got=p, expected=expected)
    for how, padded in padding_variants(ref, ids):
        if close(p, float(model(padded, training=False).numpy().ravel()[0])):
            fail("padding", got=p, expected=expected, how=how)
    if close(p, sigmoid(expected)):
        fail("double_sigmoid", got=p, expected=expected, doubled=f"{sigmoid(expected):.4f}")
    try:
        theirs = as_ids(learner.call("encode_review", text, index_copy(ref)), text)
    except Feedback:
        theirs = ids
    if theirs != ids and (max(theirs, default=0) >= ref.NUM_WORDS or close(p, ref.predict_proba(model, theirs))):
        fail("encoding", got=p, expected=expected)
    fail("probability", got=p, expected=expected)


def test_positive_review(learner, ref, seen):
    """predict_sentiment gives the reference model's probability (a float, above 0.5) for a clearly positive review."""
    check_probability(learner, ref, POSITIVE, seen, "positive")


def test_negative_review(learner, ref, seen):
    """predict_sentiment gives the reference model's probability (a float, below 0.5) for a clearly negative review."""
    check_probability(learner, ref, NEGATIVE, seen, "negative")
