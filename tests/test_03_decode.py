"""Step 3 · decode: checks for exercises/03_decode.py (make_word_index, make_reverse_index, decode_review).

Each function gets the kata's own correct input (in its own process: the learner's code may change it freely):
the raw index of imdb.get_word_index(), the shifted index, the reverse index.
"""

import numpy as np
import pytest

from kata.judge.checking import expect, fail, show
from kata.judge.feedback import Feedback
from kata.judge.knobs import Knob, Space
from kata.shared.post import RESERVED

# The post's code, knob by knob: the values a learner may write instead of the post's.
KNOBS = [
    # make_word_index: the ranks moved by index_from (load_data's), then the reserved tokens added
    Knob("index_from", 3, (0, 1, 2, 4), at="rank + {}", shown="rank + {}"),
    Knob("reserved", dict(RESERVED), (
        {},  # none added
        {"<PAD>": 0, "<START>": 1, "<UNK>": 2},  # <UNUSED> left out
        {"<PAD>": 3, "<START>": 4, "<UNK>": 5, "<UNUSED>": 6},  # added before the shift: shifted too
        {"<PAD>": 1, "<START>": 2, "<UNK>": 3, "<UNUSED>": 4},  # counted from 1
        {"<pad>": 0, "<start>": 1, "<unk>": 2, "<unused>": 3},
        {"PAD": 0, "START": 1, "UNK": 2, "UNUSED": 3},
        {"<PAD>": 0, "<START>": 1, "<OOV>": 2, "<UNUSED>": 3},
        {"<PAD>": 0, "<START>": 1, "<UNKNOWN>": 2, "<UNUSED>": 3},
    ), at="RESERVED = {}", shown="word_index.update({})"),
    # decode_review: the text for an id missing from the reverse index, and what joins the words
    Knob("unknown", "?", ("<UNK>", "", "UNK", "<unk>", "[UNK]"), call="get", arg=1,
         shown="reverse_word_index.get(i, {})"),
    Knob("sep", " ", ("", ",", ", ", ";", "-", "_", "|", "\n", "  "), at="{}.join", shown="{}.join(words)"),
]
INDEX_KNOBS, DECODE_KNOBS = KNOBS[:2], KNOBS[2:]


def _pairs(index, words):
    return ", ".join(f"{w!r} -> {index.get(w)!r}" for w in words)


def _index_space(ref) -> Space:
    """The post's word index, knob by knob (a dict of about 88,000 words: built whole, it is cheap)."""
    raw = ref.raw_word_index()

    def build(index_from, reserved):
        index = {word: rank + index_from for word, rank in raw.items()}
        index.update(reserved)
        return index

    return Space(INDEX_KNOBS, build, lambda got, built: got == built, what="decode.knob_what.index")


def _diagnose_index(word_index, ref):
    """A word index that is not the post's, named by the knob whose change gives it, when one does."""
    if word_index != ref.word_index():
        _index_space(ref).check(word_index, "decode")


def _diagnose_text(result, ids, ref):
    """A decoded review that is not the post's, named by the knob whose change gives it, when one does."""
    if not isinstance(result, str) or result == ref.decode(ids):
        return
    reverse = ref.reverse_word_index()

    def build(unknown, sep):
        return sep.join(reverse.get(int(i), unknown) for i in ids)

    Space(DECODE_KNOBS, build, lambda got, built: got == built, what="decode.knob_what.text").check(result, "decode")


@pytest.fixture(scope="module")
def called(learner, ref):
    """make_word_index(raw_index): what it returned, and raw_index after the call."""
    return learner.run("make_word_index", [ref.raw_word_index()], keep=[0])


@pytest.fixture(scope="module")
def word_index(called):
    result = called.value
    expect(isinstance(result, dict), "index_type", got=result, expected="{'the': 4, 'and': 5, ...}")
    return result


def test_reserved_tokens(word_index, ref):
    """The four reserved tokens "<PAD>", "<START>", "<UNK>", "<UNUSED>" have the ids 0, 1, 2, 3."""
    _diagnose_index(word_index, ref)
    wanted = ref.RESERVED
    got = {token: word_index.get(token) for token in wanted}
    missing = [token for token in wanted if token not in word_index]
    expect(not missing, "reserved", got=got, expected=wanted, missing=", ".join(missing))
    expect(got == wanted, "reserved_ids", got=got, expected=wanted)


def test_words_shifted_by_3(word_index, ref):
    """Every word of get_word_index() keeps its rank plus 3 ("the": 1 becomes 4)."""
    _diagnose_index(word_index, ref)
    raw, wanted = ref.raw_word_index(), ref.word_index()
    top = sorted(raw, key=raw.get)[:3]
    missing = [w for w in raw if w not in word_index]
    expect(not missing, "words_missing", got=f"{len(raw) - len(missing)} / {len(raw)}", expected=f"{len(raw)} / {len(raw)}",
           examples=", ".join(map(repr, missing[:3])))
    shifts = {word_index[w] - raw[w] if isinstance(word_index[w], (int, np.integer)) else None for w in raw}
    if shifts != {3}:
        only = next(iter(shifts)) if len(shifts) == 1 else None
        expect(only != 0, "offset_none", got=_pairs(word_index, top), expected=_pairs(wanted, top))
        expect(only is None, "offset", got=_pairs(word_index, top), expected=_pairs(wanted, top), shift=only)
        wrong = [w for w in raw if word_index[w] != wanted[w]]
        fail("index", got=_pairs(word_index, wrong[:3]), expected=_pairs(wanted, wrong[:3]))
    extra = [w for w in word_index if w not in wanted]
    expect(not extra, "size", got=len(word_index), expected=len(wanted), examples=", ".join(map(repr, extra[:3])))


def test_raw_index_unchanged(called, ref):
    """make_word_index builds a new dict: raw_index, what get_word_index() gave, stays as it was."""
    after, raw = called.args.get(0), ref.raw_word_index()
    if after == raw:
        return
    if not isinstance(after, dict):
        fail("mutated", got=show(after), expected=f"dict, len(raw_index) == {len(raw)}")
    changed = sorted((w for w in raw if w in after and after[w] != raw[w]), key=raw.get)
    if changed:
        fail("mutated", got=_pairs(after, changed[:3]), expected=_pairs(raw, changed[:3]), count=len(changed))
    added, removed = [w for w in after if w not in raw], [w for w in raw if w not in after]
    sizes = f"len(raw_index) == {len(after)}", f"len(raw_index) == {len(raw)}"
    if added:
        fail("mutated_added", got=f"{sizes[0]}: {_pairs(after, added[:4])}", expected=sizes[1],
             examples=", ".join(map(repr, added[:4])))
    fail("mutated_removed", got=f"{sizes[0]}, {', '.join(map(repr, removed[:3]))} not in raw_index", expected=sizes[1])


@pytest.fixture(scope="module")
def reverse_index(learner, ref):
    result = learner.call("make_reverse_index", ref.word_index())
    expect(isinstance(result, dict), "reverse_type", got=result, expected="{0: '<PAD>', 1: '<START>', ...}")
    return result


def test_reverse_index(reverse_index, ref):
    """make_reverse_index turns the index around: id -> word, for every id."""
    wanted, index = ref.reverse_word_index(), ref.word_index()
    if reverse_index == wanted:
        return
    sample = sorted(wanted)[:6]
    expected = {i: wanted[i] for i in sample}
    expect(reverse_index != index, "reverse_same", got=show(reverse_index), expected=expected)
    if reverse_index and all(isinstance(k, str) and k.lstrip("-").isdigit() for k in reverse_index):
        fail("reverse_keys", got=show(reverse_index), expected=expected)
    got = {i: reverse_index.get(i) for i in sample}
    wrong = [i for i in wanted if reverse_index.get(i) != wanted[i]]
    if got == expected and wrong:
        got, expected = {i: reverse_index.get(i) for i in wrong[:4]}, {i: wanted[i] for i in wrong[:4]}
    expect(not wrong, "reverse", got=got, expected=expected)
    expect(len(reverse_index) == len(wanted), "reverse_size", got=len(reverse_index), expected=len(wanted))


def _decode(learner, ids, reverse):
    """decode_review(ids, a copy of the reverse index); a KeyError on an id missing from it is `unknown`."""
    try:
        return learner.call("decode_review", ids, reverse)
    except Feedback as fb:
        error = fb.values.get("error", "")
        unknown = [int(i) for i in ids if int(i) not in reverse]
        if fb.kind == "crashed" and error.startswith("KeyError") and unknown:
            fail("unknown", got=error, expected="'?'", id=unknown[0])
        raise


def _check_text(result, ids, reverse, ref):
    """Pass when result is ref's decoding of ids; otherwise fail with the message that explains it best."""
    want = ref.decode(ids)
    if result == want:
        return
    expect(isinstance(result, str), "decode_type", got=result, expected=show(want))
    _diagnose_text(result, ids, ref)
    words = want.split(" ")
    unknown = {n for n, i in enumerate(ids) if int(i) not in reverse}
    if unknown:
        def replaced(by):
            return " ".join(by if n in unknown else w for n, w in enumerate(words))

        first = int(ids[min(unknown)])
        expect(result != replaced("<UNK>"), "unknown_unk", got=show(result), expected=show(want), id=first)
        dropped = [w for n, w in enumerate(words) if n not in unknown]
        if result.split() == dropped or result in (replaced("None"), replaced("")):
            fail("unknown", got=show(result), expected=show(want), id=first)
    if result.split() == words or any(result == sep.join(words) for sep in ("", ",", ", ", ";", "-", "_", "|")):
        fail("spaces", got=show(result), expected=show(want))
    expect(result.split() != [w for w in words if w not in ref.RESERVED], "skipped", got=show(result), expected=show(want))
    for shift in (3, -3):
        shifted = ref.decode([int(i) + shift for i in ids])
        expect(result != shifted, "decode_shift", got=show(result), expected=show(want), shift=f"{shift:+d}")
    fail("decode", got=show(result), expected=show(want))


def test_decode_first_review(learner, ref, seen):
    """decode_review turns the first training review back into its words, one space apart."""
    (x_train, _), _ = ref.data()
    ids, reverse = list(x_train[0]), ref.reverse_word_index()
    text = _decode(learner, ids, reverse)
    seen.add(lambda: {"decoded": text[:230] + (" …" if len(text) > 230 else ""),
                      "decoded_short": text[:50] + (" …" if len(text) > 50 else "")})
    _check_text(text, ids, reverse, ref)


def test_decode_unknown_id(learner, ref):
    """An id that is not in the reverse index is shown as "?"."""
    (x_train, _), _ = ref.data()
    reverse = ref.reverse_word_index()
    outside = max(reverse) + 1
    ids = list(x_train[0][:6]) + [outside] + list(x_train[0][6:10])
    _check_text(_decode(learner, ids, reverse), ids, reverse, ref)


def test_decode_padded_row(learner, ref):
    """decode_review also reads a NumPy row of int32 ids with padding (what step 4 makes)."""
    (x_train, _), _ = ref.data()
    reverse = ref.reverse_word_index()
    ids = np.array(list(x_train[1][:12]) + [ref.RESERVED["<PAD>"]] * 4, dtype="int32")
    _check_text(_decode(learner, ids, reverse), ids, reverse, ref)
