"""Step 11 · predict: checks for exercises/11_predict.py (encode_review, predict_sentiment).

encode_review is checked on short texts that each test one rule (capitals, punctuation, unknown
words, rare words); predict_sentiment on a clearly positive and a clearly negative review, with the
reference model (the judge's own training; its weights are loaded in the learner process). The
expected probability is the judge's own prediction with the same weights.

A wrong answer is named first by the post's knobs (kata.judge.knobs): the settings of the encoding (lower-case,
filters, split, <START>, <UNK>, num_words, and the index's offset and the words left out, which the post's code
leaves implicit) and of the padding (maxlen, value), the reference pipeline (kata.judge.oracle.text) rebuilt with
one of them changed, then two, must give exactly the learner's ids (or probability). Known-wrong answers no knob
gives are then recognised by computing them with the reference pipeline. predict_sentiment reads
encode_review's ids: when encode_review is wrong on a review, predict_sentiment's wrong answer or crash on it is
that mistake, unless predict_sentiment is wrong on its own too (its result with encode_review's ids, or its
result on a review encode_review gets right, says which).
"""

import ast
import itertools
import math
import string

import numpy as np
import pytest

from kata.i18n import has, t
from kata.judge.checking import ModelInput, PostModel, expect, fail, show
from kata.judge.feedback import Feedback
from kata.judge.knobs import Knob, Space, knob_feedback
from kata.shared.post import FILTERS, MAXLEN, NUM_WORDS

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
# Longer than 256 words, negative first and positive last: which end pad_sequences cuts changes the probability
LONG = " ".join([NEGATIVE] * 6 + [POSITIVE] * 6)
TEXTS = (LOWER_TEXT, PUNCT_TEXT, UNKNOWN_TEXT, RARE_TEXT, POSITIVE, NEGATIVE)  # what a knob must give on all of them
# Reviews most encodings get right (lower-case, common words, no punctuation): predict_sentiment's own part is
# judged on one of them when encode_review is wrong on the review checked.
PLAIN = ("a film about a man and his dog", "it was a movie with some good and some bad parts", "the film was ok",
         "this movie was good and the acting was great", "the story was bad and the film was too long")
START, UNK = 1, 2
TOLERANCE = 1e-5  # the learner process's model.predict and the judge's model(...), same weights (measured: 1e-7)
INF = float("inf")
_FILTER_NAMES = {FILTERS: "FILTERS", string.punctuation: "string.punctuation"}

# The post's encoding and padding, knob by knob, where the solution writes them: a constant (FILTERS,
# START, UNK, NUM_WORDS), a step left out (text.lower(), [START]), a keyword (split's sep, pad_sequences's).
KNOBS = [
    Knob("lower", True, (False,), call="lower"),
    Knob("filters", FILTERS, ("", string.punctuation, ".,!?"), call="FILTERS",
         shown=lambda v: _FILTER_NAMES.get(v, repr(v))),
    Knob("split", None, (" ",), call="split", arg="sep"),
    Knob("start", START, (None,), call="START"),
    Knob("unk", UNK, (0, 1, 3), call="UNK"),
    Knob("num_words", NUM_WORDS, (INF, NUM_WORDS + 1, NUM_WORDS - 1), call="NUM_WORDS",
         shown=lambda v: "None" if v == INF else repr(v)),
    Knob("maxlen", MAXLEN, (None, 100, 200, 250, 500), call="pad_sequences", arg="maxlen"),
    Knob("value", 0, (1, 2, 3), call="pad_sequences", arg="value"),
    Knob("padding", "post", ("pre",), call="pad_sequences", arg="padding"),
    Knob("truncating", "pre", ("post",), call="pad_sequences", arg="truncating"),
]
# Settings the post's code leaves implicit (word_index comes shifted; every word keeps its place), which a
# learner may still write: named the same way, their changes are known-wrong answers in selftest/mistakes/.
IMPLICIT = [
    Knob("offset", 0, (3, -3), shown=lambda v: f"{v:+d}" if v else "0"),
    Knob("dropped", "", ("missing", "rare", "both"), shown=lambda v: repr(v) if v else "None"),
]
PADDING = ("maxlen", "value", "padding", "truncating")
ENCODING = [k for k in KNOBS + IMPLICIT if k.name not in PADDING]


def index_copy(ref):
    """The shifted word index (each learner process gets its own copy: the learner's code may change it)."""
    return ref.word_index()


# ---------------------------------------------------------------- encode_review

class Encodings:
    """encode_review's answers, each text asked once: a list of ints, or the Feedback of its call."""

    def __init__(self, learner, ref):
        self.learner, self.ref, self.answers = learner, ref, {}

    def answer(self, text):
        if text not in self.answers:
            try:
                self.answers[text] = self.learner.call("encode_review", text, index_copy(self.ref))
            except Feedback as fb:
                self.answers[text] = fb
        return self.answers[text]

    def ids(self, text):
        """The learner's ids for text, as a list of ints, or None (a crash, another type)."""
        value = self.answer(text)
        return None if isinstance(value, Feedback) else plain_ids(value)


@pytest.fixture(scope="module")
def encodings(learner, ref):
    return Encodings(learner, ref)


def plain_ids(value):
    """value as a list of ints, or None: a list, tuple or 1-D integer array of ints (not bools)."""
    if isinstance(value, np.ndarray) and value.ndim == 1 and np.issubdtype(value.dtype, np.integer):
        return [int(i) for i in value]
    if isinstance(value, (list, tuple)) and all(isinstance(i, (int, np.integer)) and not isinstance(i, bool)
                                                for i in value):
        return [int(i) for i in value]
    return None


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


def learner_ids(encodings, ref, text):
    """The learner's ids for text (or the message saying why there are none)."""
    value = encodings.answer(text)
    if isinstance(value, Feedback):
        word = missing_word(value)
        if word is None:
            raise value
        explain_missing(word, text, ref, value)
    ids = plain_ids(value)
    if ids is None:
        fail("encode_type", got=value, expected="[1, 14, 20, ...]", text=text)
    return ids


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
    """(message key, ids) for the mistakes learners make that no knob gives, computed with the reference pipeline."""
    words = ref.tokenize(text)
    deleted = text.lower().translate(str.maketrans("", "", ref.FILTERS))
    no_apostrophe = text.lower().translate(str.maketrans(string.punctuation + "\t\n", " " * (len(string.punctuation) + 2)))
    return [
        ("start", ref.encode(text)[1:]),
        ("lower", ref.encode(text, lower=False)),
        ("punct", ref.encode(text, strip=False)),
        ("apostrophe", ids_of(ref, no_apostrophe.split(), ref.NUM_WORDS)),
        ("empty_words", ref.encode(text, split=" ")),
        ("num_words", ids_of(ref, words, None)),
        ("num_words", ids_of(ref, words, ref.NUM_WORDS + 1)),  # `> 10000` instead of `>= 10000`
        ("num_words", ids_of(ref, words, ref.NUM_WORDS - 1)),  # `>= 9999`: the last id the model knows lost
        ("punct_deleted", ids_of(ref, deleted.split(), ref.NUM_WORDS)),
        ("unk_dropped", ref.encode(text, unk=False)),
        ("unk_dropped", ids_of(ref, words, None, drop=True)),
        ("offset", ids_of(ref, words, ref.NUM_WORDS, shift=3)),  # 3 added after the test against 10000
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
        for combo in itertools.combinations(suspects, size):
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


def encoding_space(ref, texts, depth) -> Space:
    """The post's encoding of texts, knob by knob (the implicit settings too): changes of up to `depth` knobs."""

    def build(lower, filters, split, start, unk, num_words, offset, dropped):
        return tuple(ref.encode(text, lower=lower, filters=filters, split=split, start=start, oov=unk,
                                num_words=num_words, offset=offset, drop=dropped) for text in texts)

    return Space(ENCODING, build, lambda got, built: got == built, what="predict.knob_what.ids", depth=depth,
                 budget=1000, unique=True)


def name_knobs(space: Space, result, **shown):
    """Raise the message naming the knobs whose change gives `result`, when some do (with what the code gave)."""
    change = space.explain(result)
    if change is not None:
        raise knob_feedback(change, "predict", what=t(space.what, **shown), **shown)


def diagnose_encoding(encodings, ref, text, got, expected):
    """Raise the message naming what encode_review does otherwise than the post on text (got != expected)."""
    n = first_difference(got, expected)
    shown = dict(got=excerpt(got, n), expected=excerpt(expected, n), text=text)
    if len(got) == ref.MAXLEN and got[:len(expected)] == expected and not any(got[len(expected):]):
        fail("encode_padded", got=f"len(ids) == {len(got)}: {show(got)}", expected=f"len(ids) == {len(expected)}: {show(expected)}", text=text)
    # the knobs (up to three: a first try often has several) whose change gives the learner's ids on every text
    # it encoded; else the one knob whose change gives them on this text
    joint = (text, *(s for s in TEXTS if s != text and encodings.ids(s) is not None))
    name_knobs(encoding_space(ref, joint, 3), tuple(encodings.ids(s) if s != text else got for s in joint), **shown)
    name_knobs(encoding_space(ref, (text,), 1), (got,), **shown)
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


def check_encoding(encodings, ref, text):
    """The learner's ids for `text` must be the reference's; a knob, else a known mistake, gets its own message."""
    got, expected = learner_ids(encodings, ref, text), ref.encode(text)
    if got != expected:
        diagnose_encoding(encodings, ref, text, got, expected)


def encoding_mistake(encodings, ref, text):
    """The message encode_review's answer for text gets (a Feedback), or None when it is the post's ids."""
    try:
        check_encoding(encodings, ref, text)
    except Feedback as fb:
        return fb if fb.kind == "wrong" else None  # a crash, a stub: predict_sentiment's check says its own
    return None


def test_lower_case(learner, encodings, ref):
    """encode_review lower-cases the text: 'Great' has the id of 'great'."""
    learner.function("encode_review")
    check_encoding(encodings, ref, LOWER_TEXT)


def test_punctuation(learner, encodings, ref):
    """encode_review turns Keras's filter characters into spaces and keeps the apostrophe ("didn't")."""
    learner.function("encode_review")
    check_encoding(encodings, ref, PUNCT_TEXT)


def test_unknown_words(learner, encodings, ref):
    """Words missing from word_index become <UNK> (2), neither dropped nor a KeyError."""
    learner.function("encode_review")
    check_encoding(encodings, ref, UNKNOWN_TEXT)


def test_rare_words(learner, encodings, ref):
    """Words with an id of 10,000 or more become <UNK> (2): the model only knows ids 0 to 9999."""
    learner.function("encode_review")
    check_encoding(encodings, ref, RARE_TEXT)


# ---------------------------------------------------------------- predict_sentiment

def sigmoid(x):
    return 1 / (1 + math.exp(-x))


def close(a, b):
    return math.isclose(a, b, rel_tol=1e-3, abs_tol=1e-6)


def run(model, x) -> float:
    return float(np.asarray(model(x, training=False)).ravel()[0])


def padded(ref, ids, maxlen=MAXLEN, value=0, padding="post", truncating="pre"):
    """pad_sequences([ids], maxlen=..., padding=..., truncating=..., value=...); maxlen=None pads to the review's
    own length."""
    return ref.pad([ids], maxlen=maxlen if maxlen is not None else max(len(ids), 1), value=value, padding=padding,
                   truncating=truncating)


def padding_space(ref, model, samples) -> Space:
    """The post's padding of each sample's ids and the model's probabilities, knob by knob."""

    def build(**settings):
        return tuple(run(model, padded(ref, ids, **settings)) for _, _, ids in samples)

    def same(got, built):
        return all(abs(g - b) <= TOLERANCE for g, b in zip(got, built))

    return Space([k for k in KNOBS if k.name in PADDING], build, same, what="predict.knob_what.probability", unique=True)


OTHER_MAXLENS = (128, 255, 257, 300, 512, 1000)  # paddings to other lengths than the knob's values


def as_number(p):
    """p as a float when it is one number (a Python or NumPy float, a 0-d array), else None."""
    if isinstance(p, (float, np.floating)) or (isinstance(p, np.ndarray) and p.ndim == 0
                                               and np.issubdtype(p.dtype, np.floating)):
        return float(p)
    return None


def probability(p, expected):
    """The learner's answer as a float (every spelling of one number), or the message saying what it is."""
    if isinstance(p, (int, np.integer)) and not isinstance(p, bool) and p in (0, 1) and round(expected) == p:
        fail("rounded", got=p, expected=expected)
    number = as_number(p)
    if number is None:
        kind = getattr(p, "learner_type", None) or f"{type(p).__module__}.{type(p).__qualname__}"
        fail("not_float", got=f"{kind}: {show(p)}", expected="float")
    expect(math.isfinite(number), "generic.nan", got=number, expected="0 <= p <= 1", function="predict_sentiment")
    expect(0 <= number <= 1, "range", got=number, expected="0 <= p <= 1")
    return number


def usable(ids) -> bool:
    """ids the model can read: ints from 0 to 9999."""
    return ids is not None and all(0 <= i < NUM_WORDS for i in ids)


def short(text, n=60) -> str:
    return text if len(text) <= n else text[:n - 3] + "..."


def because_of_encoding(wrong: Feedback, text, got, expected):
    """predict_sentiment's failure on text, explained by encode_review's mistake on it (`wrong`): the same key
    (a knob, a known mistake), in words that say predict_sentiment reads those ids."""
    if wrong.template == "knob.changed":
        mistake = t("knob.changed.text", **wrong.values)  # encode_review's check says why each knob matters
    elif has(f"{wrong.template}.cause"):
        mistake = t(f"{wrong.template}.cause", **wrong.values)
    else:
        mistake = ""
    key = "predict.encoding" if wrong.key in ("predict.ids", "predict.encode_type") else wrong.key
    return Feedback("wrong", key, template="predict.encoding", got=got, expected=expected, text=short(text),
                    mistake=mistake)


def alternatives(ref, model, ids) -> list[float]:
    """The probabilities the known ways of predicting give for ids: the post's, each padding knob changed, the
    other paddings, rounded, a second sigmoid."""
    right = run(model, padded(ref, ids))
    out = [right, float(round(right)), sigmoid(right)]
    for knob in (k for k in KNOBS if k.name in PADDING):
        for value in knob.others:
            out.append(run(model, padded(ref, ids, **{knob.name: value})))
    return out + [run(model, ref.pad([ids], maxlen=maxlen)) for maxlen in OTHER_MAXLENS]


def plain_sample(learner, encodings, ref, model):
    """(review, predict_sentiment's answer, its ids) on the plain review encode_review gets right on which the
    known ways of predicting differ most (a saturated sigmoid gives 1.0 padded or not, rounded or not), or None."""
    def spread(text):
        values = sorted(alternatives(ref, model, ref.encode(text)))
        return min(b - a for a, b in zip(values, values[1:]))

    text = next((c for c in sorted(PLAIN, key=spread, reverse=True) if encodings.ids(c) == ref.encode(c)), None)
    if text is None:
        return None
    ids = ref.encode(text)
    try:
        answer = learner.call("predict_sentiment", PostModel(trained=True), text, index_copy(ref))
    except Feedback as fb:
        answer = fb
    return text, answer, ids


def crash_follows(fb: Feedback, theirs, plain, ref, model) -> bool:
    """Whether predict_sentiment's crash on a review follows from encode_review's ids for it: an id it gave
    outside the Embedding's rows, or no crash and the post's probability on a review encoded right."""
    if fb.kind != "crashed":
        return False
    if theirs is not None and fb.key == "known.embedding_index" and fb.values.get("id") in theirs:
        return True
    if plain is None or isinstance(plain[1], Feedback):
        return False
    p = as_number(plain[1])
    return p is not None and abs(p - run(model, padded(ref, plain[2]))) <= TOLERANCE


def diagnose_predicting(ref, model, samples, shown):
    """Raise the message naming what predict_sentiment does otherwise than the post with the ids it is given, the
    same on every sample (review, probability, ids): rounded, a padding knob, another padding, a second sigmoid."""
    if all(p in (0.0, 1.0) and p == round(run(model, padded(ref, ids))) for _, p, ids in samples):
        fail("rounded", **shown)
    name_knobs(padding_space(ref, model, samples), tuple(p for _, p, _ in samples), **shown)
    for maxlen in OTHER_MAXLENS:
        if all(close(p, run(model, ref.pad([ids], maxlen=maxlen))) for _, p, ids in samples):
            fail("padding", **shown, how=f"maxlen={maxlen}")
    if all(close(p, sigmoid(run(model, padded(ref, ids)))) for _, p, ids in samples):
        fail("double_sigmoid", **shown, doubled=sigmoid(shown["expected"]))


def check_probability(learner, encodings, ref, text, seen=None, name=None):
    learner.function("predict_sentiment")  # an untouched stub is "not started" before the model is loaded
    model, _ = ref.trained()
    ids = ref.encode(text)
    expected = ref.predict_proba(model, ids)
    wrong = encoding_mistake(encodings, ref, text)
    theirs = encodings.ids(text) if wrong is not None else None
    try:
        p = learner.call("predict_sentiment", PostModel(trained=True), text, index_copy(ref))
    except Feedback as fb:
        if wrong is not None and crash_follows(fb, theirs, plain_sample(learner, encodings, ref, model), ref, model):
            raise because_of_encoding(wrong, text, fb.values.get("error") or fb.key, expected) from None
        word = missing_word(fb)
        if word is None:
            raise
        explain_missing(word, text, ref, fb)
    p = probability(p, expected)
    if close(p, expected):
        if seen is not None:
            seen.add({name: float(p)})
        return
    if wrong is not None and usable(theirs) and abs(p - ref.predict_proba(model, theirs)) <= TOLERANCE:
        raise because_of_encoding(wrong, text, p, expected)
    # predict_sentiment's own part, on the ids encode_review gives it: this review, and a plain one it encodes right
    samples = [(text, p, theirs if usable(theirs) else ids)]
    plain = plain_sample(learner, encodings, ref, model)
    if plain is not None and not isinstance(plain[1], Feedback) and as_number(plain[1]) is not None:
        samples.append((plain[0], as_number(plain[1]), plain[2]))
    diagnose_predicting(ref, model, samples, dict(got=p, expected=expected, text=short(text)))
    if wrong is not None:
        raise because_of_encoding(wrong, text, p, expected)
    fail("probability", got=p, expected=expected)


def test_positive_review(learner, encodings, ref, seen):
    """predict_sentiment gives the reference model's probability (a float, above 0.5) for a clearly positive review."""
    check_probability(learner, encodings, ref, POSITIVE, seen, "positive")


def test_negative_review(learner, encodings, ref, seen):
    """predict_sentiment gives the reference model's probability (a float, below 0.5) for a clearly negative review."""
    check_probability(learner, encodings, ref, NEGATIVE, seen, "negative")


def test_long_review(learner, encodings, ref):
    """A review longer than 256 words keeps its last 256 ids, as pad_sequences cuts by default (truncating='pre')."""
    check_probability(learner, encodings, ref, LONG)


@pytest.fixture(scope="module")
def in_order(tmp_path_factory):
    """A model that reads the ids in order (a small recurrent net, seeded): unlike the post's, which averages
    every position, it tells padding at the end from padding at the front. (The model, its file.)"""
    import keras

    keras.utils.set_random_seed(11)
    model = keras.Sequential([keras.Input(shape=(None,), dtype="int32"), keras.layers.Embedding(NUM_WORDS, 4),
                              keras.layers.SimpleRNN(4), keras.layers.Dense(1, activation="sigmoid")])
    path = tmp_path_factory.mktemp("in_order") / "in_order.keras"
    model.save(path)
    return model, path


def test_padding_after_the_words(learner, encodings, ref, in_order):
    """The padding goes after the words (padding='post'), as in step 4: checked with a model that reads the ids in
    order, once predict_sentiment gives the post's model's probability."""
    check_probability(learner, encodings, ref, POSITIVE)
    model, path = in_order
    ids = ref.encode(POSITIVE)
    expected = run(model, padded(ref, ids))
    p = probability(learner.call("predict_sentiment", ModelInput(path), POSITIVE, index_copy(ref)), expected)
    if not close(p, expected):
        shown = dict(got=p, expected=expected, text=short(POSITIVE))
        change = padding_space(ref, model, [(POSITIVE, p, ids)]).explain((p,))
        if change is not None:  # checked: this model's probability, said so
            raise knob_feedback(change, "predict", what=t("predict.in_order.checked", **shown), **shown)
        fail("in_order", **shown)
