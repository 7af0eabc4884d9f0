"""Step 13 · save: checks for exercises/13_save.py (save_and_reload, export_model; predict_texts is given).

save_and_reload gets the post's model with the judge's trained weights and a folder: the `.keras` file it
writes there is loaded by the judge itself (safe mode: the post's model is Keras's own layers) and must
predict exactly as the reference model; so must the model it returns.

export_model gets the same trained model and the word index; the end-to-end model it returns travels as
the `.keras` file Keras saves (it may hold the learner's registered functions: the judge never loads it).
A NEW learner process loads it again and runs the stub's predict_texts on raw reviews, one review alone
and a batch of several; the probabilities must be the judge's own step 11 pipeline's (oracle.encode, pad,
the reference model) to within 1e-6. A wrong answer is named first by the post's knobs (kata.judge.knobs): the
reference pipeline rebuilt with one setting changed, then two (lower-casing, filters, standardize, split, the start
word, num_words, maxlen, output_sequence_length; the vocabulary's offset and the 1/2 swap, implicit in the post's
code), must give the learner's probabilities on every call served; an id past the Embedding is named from the
vocabulary's size, read from the model's configuration. Known mistakes no knob gives (a second sigmoid, another
truncation...) are then recognised by computing them with the reference pipeline. (padding='pre' gives the
same numbers: GlobalAveragePooling1D averages every position, wherever the zeros are.)
"""

from __future__ import annotations

import math
import string

import numpy as np
import pytest

from kata.i18n import t
from kata.judge import views
from kata.judge.checking import ModelInput, OutDir, PostModel, SameAsArgument, expect, fail, is_number, show
from kata.judge.feedback import Feedback
from kata.judge.knobs import Change, Knob, Space, knob_feedback
from kata.shared.post import FILTERS, MAXLEN, NUM_WORDS

JUDGE_IMPORTS = ("keras",)  # the judge loads the saved post model itself: imported while the learner process starts

TOLERANCE = 1e-6  # the end-to-end model against step 11's pipeline (measured: 1.8e-07 at most)
MATCH = 1e-5  # a known mistake is named when the answer is this close to it on every review

POSITIVE = ("What a wonderful film! The acting is brilliant, the story is touching, and I loved every minute "
            "of it. I would happily rewatch it on my smartphone.")
NEGATIVE = ("Awful. The plot made no sense, the acting was wooden and I was bored after ten minutes: a complete "
            "snoozefest and a waste of time. I want a refund!")
LOWER_TEXT = "I Loved This Movie And The Acting Was Great"
PUNCT_TEXT = "what a film!the plot, the music and the acting...i didn't expect it (really) to be so good. a well-made film"
UNKNOWN_TEXT = "i watched it on my smartphone and then posted a selfie"  # 'smartphone', 'selfie': not in the index
RARE_TEXT = "a double edged snoozefest i would never rewatch and the plot retains nothing"  # ids 9999, 31301, 21382, 10000
# 301 words: pad_sequences keeps the last 256 ids (truncating='pre'): <START> and the praise of the first 45 words are
# cut, "Wonderful" is the first id kept. Cutting the end instead, or keeping <START>, gives another probability.
LONG_TEXT = ("A beautiful, moving and brilliant film; I loved it. " * 5 + "Wonderful! "
             + ("The acting is good and the music is lovely. " * 5 + "The story is weak and the ending is dull. " * 3) * 3
             + "The acting is good and the music is lovely. " * 4 + "It is dull.")
TEXTS = (POSITIVE, LOWER_TEXT, PUNCT_TEXT, UNKNOWN_TEXT, RARE_TEXT, NEGATIVE, LONG_TEXT, "")
START, UNK = 1, 2
_FILTER_NAMES = {FILTERS: "FILTERS", string.punctuation: "string.punctuation"}

# The end-to-end model's encoding, knob by knob, where the solution writes it: constants (FILTERS, NUM_WORDS,
# MAXLEN), a step left out (tf.strings.lower, the start word), TextVectorization's keywords. A knob is named when
# the reference pipeline with it changed gives the learner's probabilities on every review served.
KNOBS = [
    Knob("lower", True, (False,), call="lower"),
    Knob("filters", FILTERS, (string.punctuation, ".,!?"), call="FILTERS", shown=lambda v: _FILTER_NAMES.get(v, repr(v))),
    Knob("standardize", "clean", ("lower", "lower_and_strip_punctuation", None), call="TextVectorization",
         arg="standardize", shown=lambda v: "clean" if v == "clean" else repr(v)),
    Knob("split", "words", ("whitespace",), call="TextVectorization", arg="split",
         shown=lambda v: "words" if v == "words" else repr(v)),
    Knob("start", START, (None,), call="start"),
    Knob("num_words", NUM_WORDS, (NUM_WORDS - 1, NUM_WORDS + 1, 2 * NUM_WORDS), call="NUM_WORDS"),
    Knob("maxlen", MAXLEN, (200, 300), call="MAXLEN"),
    Knob("output_sequence_length", MAXLEN, (None, 200, 300), call="TextVectorization", arg="output_sequence_length"),
]
# What the post's code does without a setting of its own (the vocabulary's order, the swap of TextVectorization's
# reserved ids), named the same way; their changes are known-wrong answers in selftest/mistakes/.
IMPLICIT = [
    Knob("offset", 0, (-3, -2, -1, 1, 2, 3), shown=lambda v: f"{v:+d}" if v else "0"),
    Knob("swap", True, (False,)),
]
STANDARDIZE = {  # TextVectorization's standardize, as the reference's settings (kata.judge.oracle.text)
    "lower": dict(lower=True, filters=""),
    "lower_and_strip_punctuation": dict(lower=True, filters=string.punctuation, replace=""),
    None: dict(lower=False, filters=""),
}


def short(text, n=60) -> str:
    return repr(text if len(text) <= n else text[:n - 3] + "...")


# ---------------------------------------------------------------- save_and_reload

@pytest.fixture(scope="module")
def saved(learner):
    """(what save_and_reload returned, the folder it was given): the model as a views.ModelFile."""
    learner.function("save_and_reload")  # an untouched stub is "not started" before the model is made
    out = OutDir("saved")
    result = learner.run("save_and_reload", [PostModel(trained=True), out], models="file", keep=[0])
    if result.value is not None and result.value is result.args.get(0):  # the very model it was given
        return SameAsArgument(0), out.path
    return result.value, out.path


def reference_probabilities(ref, model) -> np.ndarray:
    """The model's outputs on the first 200 test reviews (padded), as a flat array."""
    (_, _), (x_test, _) = ref.padded()
    return np.asarray(model(x_test[:200], training=False)).reshape(-1)


def compare(ref, model, key):
    """The model (loaded by the judge) predicts as the reference model, or fail(key)."""
    got, expected = reference_probabilities(ref, model), reference_probabilities(ref, ref.trained()[0])
    if got.shape != expected.shape:
        fail(key, got=f"outputs of shape {got.shape}", expected=f"outputs of shape {expected.shape}")
    difference = float(np.max(np.abs(got - expected)))
    expect(difference <= TOLERANCE, key, got=f"max |difference| = {difference:.3g} on 200 test reviews",
           expected=f"<= {TOLERANCE:g}")


def keras_file(folder) -> str:
    """The name of the .keras file save_and_reload wrote in its folder (or the message of what is there)."""
    names = sorted(p.name for p in folder.iterdir()) if folder is not None and folder.is_dir() else []
    found = [n for n in names if n.endswith(".keras")]
    got = f"out_dir holds: {', '.join(names)}" if names else "out_dir is empty"
    if not found:
        if any(n.endswith(".weights.h5") for n in names):
            fail("weights_only", got=got, expected="out_dir / 'imdb.keras'")
        if any(n.endswith((".h5", ".hdf5")) for n in names):
            fail("h5", got=got, expected="out_dir / 'imdb.keras'")
        fail("no_file", got=got, expected="out_dir / 'imdb.keras'")
    return found[0]


def test_saved_file(saved, ref):
    """save_and_reload writes the model as one .keras file in the folder it is given, and that file, loaded again by the kata, predicts exactly as the model did."""
    _, folder = saved
    path = folder / keras_file(folder)
    if views.read_head(path, 4) != b"PK\x03\x04":  # a .keras file is a zip
        fail("not_keras", got=f"{path.name}: not a zip archive", expected="model.save(out_dir / 'imdb.keras')")
    compare(ref, views.load_model(path), "file_predictions")


def test_reloaded_model(saved, ref):
    """save_and_reload returns the model loaded again from its file (not the model it was given), and it predicts exactly as the original."""
    value, _ = saved
    if value is None:
        fail("no_return", got="None", expected="keras.saving.load_model(path)")
    if isinstance(value, SameAsArgument):
        fail("not_reloaded", got="the model save_and_reload was given", expected="keras.saving.load_model(path)")
    if not isinstance(value, views.ModelFile):
        fail("not_a_model", got=show(value), expected="keras.saving.load_model(path)", function="save_and_reload")
    compare(ref, value.load(), "reloaded_predictions")


# ---------------------------------------------------------------- export_model, served in a fresh process

@pytest.fixture(scope="module")
def exported(learner, ref):
    """The end-to-end model export_model returned, as its .keras file (views.ModelFile, not loaded here)."""
    learner.function("export_model")  # an untouched stub is "not started" before the model is made
    value = learner.run("export_model", [PostModel(trained=True), ref.word_index()], models="own_code").value
    if value is None:
        fail("no_return_export", got="None", expected="keras.Model(texts, model(ids))")
    if not isinstance(value, views.ModelFile):
        fail("not_a_model", got=show(value), expected="keras.Model(texts, model(ids))", function="export_model")
    dtypes = [str((layer.get("config") or {}).get("dtype")) for layer in value.layers() if layer["class_name"] == "InputLayer"]
    if dtypes and "string" not in dtypes:
        fail("not_text", got=f"keras.Input(..., dtype={dtypes[0]!r})", expected="keras.Input(shape=(), dtype='string')")
    return value


def vocabulary_size(exported) -> int | None:
    """How many ids the end-to-end model's TextVectorization gives (its vocabulary, padding and unknown words
    included), read from its configuration; None when there is no such layer or its vocabulary is not a list."""
    for layer in exported.layers():
        vocabulary = layer["config"].get("vocabulary") if layer["class_name"] == "TextVectorization" else None
        if isinstance(vocabulary, list):
            return len(vocabulary) + 2 - (vocabulary[:1] == [""]) - ("[UNK]" in vocabulary[:2])
    return None


def serve(learner, exported, texts) -> list[float]:
    """predict_texts on the end-to-end model, loaded again in a new learner process: one float per text."""
    learner.function("predict_texts")
    try:
        value = learner.call("predict_texts", ModelInput(exported), list(texts))
    except Feedback as fb:
        if fb.key == "generic.model_reload":
            fail("reload", got=fb.values.get("error"), expected="keras.saving.load_model(path) works in a new process")
        error = str(fb.values.get("error", "")) if fb.kind == "crashed" else ""
        if fb.key == "known.embedding_index" or ("GatherV2" in error and "embedding" in error.lower()):
            # an id outside the Embedding: the vocabulary's size, read from the model, names the knob
            size = vocabulary_size(exported)
            if size is not None and size > NUM_WORDS and fb.values.get("id", 0) < size:
                num_words = next(k for k in KNOBS if k.name == "num_words")
                raise knob_feedback(Change(((num_words, size),)), "save", what=t("save.knob_what.vocabulary"),
                                    got=error[:200], expected="word ids from 0 to 9999") from None
            fail("num_words", got=error.split(" defined at ")[0][:200], expected="word ids from 0 to 9999")
        raise
    if not isinstance(value, (list, tuple)) or not all(is_number(p) for p in value):
        fail("predictions_type", got=show(value), expected=f"a list of {len(texts)} floats")
    return [float(p) for p in value]


@pytest.fixture(scope="module")
def alone(learner, exported):
    """The probability of POSITIVE, sent alone."""
    return serve(learner, exported, [POSITIVE])


@pytest.fixture(scope="module")
def batch(learner, exported, alone):
    """The probabilities of TEXTS, sent in one call; the message "batch" when only one review at a time works."""
    try:
        return serve(learner, exported, TEXTS)
    except Feedback as fb:
        if fb.kind == "crashed" and len(alone) == 1:
            fail("batch", got=fb.values.get("error") or fb.key, expected=f"len(predict_texts(model, reviews)) == {len(TEXTS)}",
                 count=len(TEXTS))
        raise


def sigmoid(x):
    return 1 / (1 + math.exp(-x))


def shifted(ids, shift, num_words):
    """The words' ids moved by shift (the reserved ids 0-3 kept); an id moved past the vocabulary is <UNK>."""
    return [i if i < 4 else UNK if i + shift >= num_words else max(i + shift, 0) for i in ids]


def deleted(ref, text):
    """TextVectorization's default standardize: lower-case, punctuation and the apostrophe deleted."""
    words = text.lower().translate(str.maketrans("", "", ref.FILTERS + "'")).split()
    index = ref.word_index()
    return [START, *(index[w] if index.get(w, ref.NUM_WORDS) < ref.NUM_WORDS else UNK for w in words)]


def known_mistakes(ref, texts, together):
    """(message key, values, their probabilities) for each way the pipeline is known to go wrong.

    together: the texts were sent in one call (padding to the batch's longest review is then a mistake)."""
    model, _ = ref.trained()
    encoded = [ref.encode(t) for t in texts]

    def run(x):
        return [float(p) for p in np.asarray(model(x, training=False)).reshape(-1)]

    def padded(lists, **how):
        return run(ref.pad(lists, **how))

    yield "start", {}, padded([ids[1:] for ids in encoded])
    yield "reserved", {}, padded([[{START: UNK, UNK: START}.get(i, i) for i in ids] for ids in encoded])
    for shift in (-3, -2, -1, 1, 2, 3):
        yield "offset", {"shift": f"{shift:+d}"}, padded([shifted(ids, shift, ref.NUM_WORDS) for ids in encoded])
    yield "unk_dropped", {}, padded([ref.encode(t, unk=False) for t in texts])
    yield "lower", {}, padded([ref.encode(t, lower=False) for t in texts])
    yield "punct", {}, padded([ref.encode(t, strip=False) for t in texts])
    yield "punct_deleted", {}, padded([deleted(ref, t) for t in texts])
    yield "truncating", {"how": "truncating='post'"}, padded(encoded, truncating="post")
    yield "truncating", {"how": "<START> + the last 255 words"}, padded([ids[:1] + ids[1:][-255:] for ids in encoded])
    yield "not_padded", {}, [run(np.asarray([ids], dtype="int32"))[0] for ids in encoded]
    if together:
        yield "not_padded", {}, padded(encoded, maxlen=max(len(ids) for ids in encoded))


def e2e_space(ref, calls) -> Space:
    """The reference pipeline's probabilities for each call (reviews sent together, the answers), knob by knob:
    what TextVectorization and the trained model give with those settings."""
    model, _ = ref.trained()
    outputs: dict = {}

    def probabilities(x):
        key = (x.shape, x.tobytes())
        if key not in outputs:
            outputs[key] = [float(p) for p in np.asarray(model(x, training=False)).reshape(-1)]
        return outputs[key]

    def build(lower, filters, standardize, split, start, num_words, maxlen, output_sequence_length, offset, swap):
        how = dict(lower=lower, filters=filters) if standardize == "clean" else STANDARDIZE[standardize]
        length = maxlen if output_sequence_length == MAXLEN else output_sequence_length
        out = []
        for texts, _ in calls:
            rows = []
            for text in texts:
                ids = ref.encode(text, start=start if split == "words" else None, num_words=num_words, offset=offset,
                                 **how)
                ids = ids[-maxlen:] if split == "words" else ids
                rows.append(ids if swap else [{START: UNK, UNK: START}.get(i, i) for i in ids])
            width = length if length is not None else max(1, *(len(r) for r in rows))
            x = np.zeros((len(rows), width), dtype="int32")
            for i, ids in enumerate(rows):
                x[i, :min(len(ids), width)] = ids[:width]
            out.append(probabilities(x))
        return tuple(out)

    def same(got, built):
        return all(len(g) == len(b) and all(abs(p - q) <= MATCH for p, q in zip(g, b)) for g, b in zip(got, built))

    return Space(KNOBS + IMPLICIT, build, same, what="save.knob_what.probability", budget=400, unique=True)


def rounded(ref, calls) -> bool:
    """Every answer of every call is the right probability rounded to 0 or 1 (one call alone may be a coincidence:
    a saturated model gives exactly 1.0 too)."""
    model, _ = ref.trained()
    return all(g in (0.0, 1.0) and g == round(ref.predict_proba(model, ref.encode(text)))
               for texts, answers in calls for text, g in zip(texts, answers))


def check_probabilities(ref, texts, got, together=False, seen=None, others=()):
    """The learner's probabilities for texts must be step 11's pipeline's, to within TOLERANCE.

    others: the (texts, probabilities) of the other calls made: a knob must give all of them."""
    model, _ = ref.trained()
    expected = [ref.predict_proba(model, ref.encode(t)) for t in texts]
    wrong = [k for k, (g, e) in enumerate(zip(got, expected)) if abs(g - e) > TOLERANCE]
    if not wrong:
        if seen is not None:
            seen.add({"positive": got[0], "difference": f"{max(abs(g - e) for g, e in zip(got, expected)):.0e}"})
        return
    k = wrong[0]
    shown = dict(got=f"{got[k]:.6f}", expected=f"{expected[k]:.6f}", text=short(texts[k]))
    calls = ((tuple(texts), tuple(got)), *((tuple(x), tuple(y)) for x, y in others if len(x) == len(y)))
    change = e2e_space(ref, calls).explain(tuple(answers for _, answers in calls))
    if change is not None:
        raise knob_feedback(change, "save", what=t("save.knob_what.probability", text=shown["text"]), **shown)
    if rounded(ref, calls):
        fail("rounded", **shown)
    doubled = [sigmoid(e) for e in expected]
    if all(abs(g - d) <= MATCH for g, d in zip(got, doubled)):
        fail("double_sigmoid", **shown, doubled=doubled[k])
    for key, values, probabilities in known_mistakes(ref, texts, together):
        if all(abs(g - p) <= MATCH for g, p in zip(got, probabilities)) and \
                any(abs(p - e) > MATCH for p, e in zip(probabilities, expected)):
            fail(key, **shown, **values)
    fail("probability", **shown)


def answers_of(request, name):
    """(texts, probabilities) of the other call (`alone` or `batch`), when it gave them; else nothing."""
    try:
        value = request.getfixturevalue(name)
    except Feedback:
        return ()
    return (([POSITIVE], value),) if name == "alone" else ((TEXTS, value),)


def test_export_reloads(exported, alone):
    """export_model returns a Keras model that reads strings; saved as one .keras file, it loads again in a new process and gives one probability for one review."""
    expect(len(alone) == 1, "batch", got=f"len(predict_texts(model, [review])) == {len(alone)}",
           expected="len(predict_texts(model, [review])) == 1", count=1)


def test_one_review(exported, alone, ref, request):
    """The end-to-end model, loaded again in a new process, gives a raw review the probability of step 11's pipeline (to within 1e-6)."""
    check_probabilities(ref, [POSITIVE], alone, others=answers_of(request, "batch"))


def test_batch(exported, alone, batch):
    """The end-to-end model takes a batch: several reviews in one call give one probability each, and the same number for a review alone or in the batch."""
    expect(len(batch) == len(TEXTS), "batch", got=f"len(predict_texts(model, reviews)) == {len(batch)}",
           expected=f"len(predict_texts(model, reviews)) == {len(TEXTS)}", count=len(TEXTS))
    expect(abs(batch[0] - alone[0]) <= TOLERANCE, "batch_differs", got=f"{batch[0]:.6f} in the batch",
           expected=f"{alone[0]:.6f}, as alone", text=short(POSITIVE))


def test_step_11_rules(exported, batch, ref, seen, request):
    """Capitals, punctuation, "didn't", unknown and rare words, a review longer than 256 words and an empty one: in one batch, each gets step 11's probability (to within 1e-6)."""
    expect(len(batch) == len(TEXTS), "batch", got=f"len(predict_texts(model, reviews)) == {len(batch)}",
           expected=f"len(predict_texts(model, reviews)) == {len(TEXTS)}", count=len(TEXTS))
    check_probabilities(ref, TEXTS, batch, together=True, seen=seen, others=answers_of(request, "alone"))
