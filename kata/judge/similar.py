"""grade/similar.md: pairs of copies to look at twice, with the evidence. For the instructor's eyes, never a penalty.

Code. Each copy's fragments (kata.judge.fingerprint: normalised statements, names, comments and order set aside),
less what explains them without copying: the fragments of the step's stub and of the kata's solution (the post's
own code), and those more than max(COMMON_MIN, COMMON_SHARE of the class) copies share (what everyone writes).
What is left is the copy's own code. Two copies with at least MIN_OWN own fragments each are a pair when at least
CODE_SHARE of their own fragments (Jaccard) are the same, and at least MIN_SHARED.

Models. Step 14's models (the learner's own), by their answers on 1,000 fixed test reviews. Two models trained
independently disagree on some (good ones: on about one in ten); a pair that disagrees on at most MAX_DISAGREE of
them, or gives the same probabilities, agrees beyond chance. It does not count when both copies' step-14 code is
the kata's solution (the same code trains the same model), when the models answer one class only, or when more
than the common share of copies gave those answers. Step 8's models are not compared: its training is seeded
and its every setting checked, so two step-8 models agree exactly whenever their fit calls do (that is the
code, compared above).

Scale: the code is compared by MinHash (HASHES values per copy) and locality-sensitive hashing (BANDS bands):
only the pairs that share a band are compared exactly, never all n*(n-1)/2; the models by bands of their answers
(a pair within MAX_DISAGREE of each other shares at least one band).
"""

from __future__ import annotations

import hashlib
import math
from collections import Counter, defaultdict
from itertools import combinations
from pathlib import Path

from kata.judge import fingerprint
from kata.judge.copies import safe_folder_name
from kata.manifest import ROOT

COMMON_MIN, COMMON_SHARE = 5, 0.10
MIN_OWN, MIN_SHARED, CODE_SHARE = 8, 8, 0.70
MAX_DISAGREE = 5  # of the 1,000 probe reviews
HASHES, BANDS = 64, 16
MODEL_BANDS = 10
MAX_BUCKET = 500  # copies in one bucket compared pairwise (more: the first MAX_BUCKET, and it is said)
MAX_PAIRS = 200  # pairs listed in similar.md


def _fingerprints(out: Path, rows: list[dict]) -> dict[str, dict]:
    found = {}
    for row in rows:
        if row.get("score") not in (None, ""):
            fp = fingerprint.read(out / safe_folder_name(row["learner"]))
            if fp is not None:
                found[row["learner"]] = fp
    return found


def explained(slugs) -> dict[str, set]:
    """Per step: the fragments of its stub (exercises/ as kata/stubs.sha256 records it: an instructor's own work
    there is no stub) and of the kata's solution."""
    from kata.manifest import step
    from kata.shared import digest

    out = {}
    for slug in slugs:
        stub = ROOT / "exercises" / f"{slug}.py"
        units = set(fingerprint.units_of(stub)) if digest.of_file(stub) == step(slug).stub_digest else set()
        out[slug] = units | set(fingerprint.units_of(ROOT / "solutions" / f"{slug}.py"))
    return out


def common_cap(n: int) -> int:
    return max(COMMON_MIN, math.ceil(COMMON_SHARE * n))


def own_code(fps: dict[str, dict], slugs) -> dict[str, set]:
    """Each copy's own fragments ("slug: fragment"), after the stub's, the solution's and the common ones."""
    known = explained(slugs)
    raw = {}
    for name, fp in fps.items():
        code = fp["code"]
        raw[name] = {f"{slug}: {u}" for slug in slugs for u in (code.get(slug) or [])[:fingerprint.MAX_UNITS]
                     if isinstance(u, str) and u not in known[slug]}
    counts = Counter(u for units in raw.values() for u in units)
    cap = common_cap(len(fps))
    return {name: {u for u in units if counts[u] <= cap} for name, units in raw.items()}


def minhash(units: set) -> list[int]:
    import numpy as np

    values = np.array([int.from_bytes(hashlib.sha256(u.encode()).digest()[:8], "big") for u in sorted(units)],
                      dtype=np.uint64)
    rng = np.random.default_rng(20180101)  # fixed: the same sets, the same signatures, on every machine
    a = rng.integers(1, 2 ** 63, size=HASHES, dtype=np.uint64) * np.uint64(2) + np.uint64(1)
    b = rng.integers(0, 2 ** 63, size=HASHES, dtype=np.uint64)
    with np.errstate(over="ignore"):
        mixed = (a[:, None] * values[None, :] + b[:, None]) >> np.uint64(32)
    return [int(v) for v in mixed.min(axis=1)]


def _candidates(keys: dict[str, list], notes: list) -> set[tuple[str, str]]:
    """Pairs of names that share a band key."""
    buckets: dict = defaultdict(list)
    for name in sorted(keys):
        for band, key in enumerate(keys[name]):
            buckets[(band, key)].append(name)
    pairs: set = set()
    for members in buckets.values():
        if len(members) > MAX_BUCKET:
            notes.append(f"{len(members)} copies share one bucket: only the first {MAX_BUCKET} were compared")
            members = members[:MAX_BUCKET]
        pairs.update(combinations(members, 2))
    return pairs


def code_pairs(own: dict[str, set], notes: list) -> dict:
    comparable = {name: units for name, units in own.items() if len(units) >= MIN_OWN}
    rows = HASHES // BANDS
    keys = {name: [tuple(sig[i:i + rows]) for i in range(0, HASHES, rows)]
            for name, sig in ((n, minhash(u)) for n, u in comparable.items())}
    found = {}
    for a, b in _candidates(keys, notes):
        shared = comparable[a] & comparable[b]
        share = len(shared) / len(comparable[a] | comparable[b])
        if share >= CODE_SHARE and len(shared) >= MIN_SHARED:
            found[(a, b)] = {"share": share, "shared": sorted(shared), "sizes": (len(comparable[a]), len(comparable[b]))}
    return found


def model_pairs(fps: dict[str, dict], own: dict[str, set], notes: list) -> dict:
    probes = {name: fp["probe"] for name, fp in fps.items() if isinstance(fp.get("probe"), dict)}
    cap = common_cap(len(fps))
    labels = Counter(p["labels"] for p in probes.values())
    digests = Counter(p["digest"] for p in probes.values())
    usable = {}
    for name, p in probes.items():
        bits = int(p["labels"], 16)
        size = len(p["labels"]) * 4
        if bits in (0, (1 << size) - 1) or labels[p["labels"]] > cap or digests[p["digest"]] > cap:
            continue  # one class only, or answers many copies share
        usable[name] = (bits, size, p)
    width = max((size for _, size, _ in usable.values()), default=0)
    step = max(1, math.ceil(width / MODEL_BANDS))
    keys = {name: [(bits >> i) & ((1 << step) - 1) for i in range(0, size, step)]
            for name, (bits, size, _) in usable.items()}
    found = {}
    for a, b in _candidates(keys, notes):
        (bits_a, size, pa), (bits_b, _, pb) = usable[a], usable[b]
        slug = pa.get("step")
        if not any(u.startswith(f"{slug}: ") for u in own.get(a, set()) | own.get(b, set())):
            continue  # both copies' step-14 code is the kata's solution: the same code, the same model
        differ = (bits_a ^ bits_b).bit_count()
        if differ <= MAX_DISAGREE or pa["digest"] == pb["digest"]:
            found[(a, b)] = {"differ": differ, "size": size, "same": pa["digest"] == pb["digest"]}
    return found


def _number(unit: str) -> str:
    """The step number of a fragment ("04_pad: ..." -> "4")."""
    return unit.split("_", 1)[0].lstrip("0")


def _code_words(c: dict) -> str:
    steps = sorted({_number(u) for u in c["shared"]}, key=int)
    return (f"{round(c['share'] * 100)} % of their own code ({len(c['shared'])} fragments; they have {c['sizes'][0]} and "
            f"{c['sizes'][1]}), steps {', '.join(steps)}")


def _model_words(m: dict) -> str:
    agree = f"agree on {m['size'] - m['differ']} of {m['size']} probe reviews"
    return agree + (", the same probabilities" if m["same"] else "")


def report(out: Path, rows: list[dict], wanted) -> str:
    """similar.md for the copies graded in out."""
    slugs = [s.slug for s in wanted]
    fps = _fingerprints(out, rows)
    notes: list[str] = []
    own = own_code(fps, slugs)
    code, models = code_pairs(own, notes), model_pairs(fps, own, notes)
    pairs = sorted(set(code) | set(models), key=lambda p: (-(p in code and p in models),
                                                           -code.get(p, {}).get("share", 0), p))
    enough = sum(len(u) >= MIN_OWN for u in own.values())
    lines = ["## IMDB kata: copies to look at twice", "",
             "For your eyes, never a penalty by itself: look at both copies before concluding anything. Code is "
             "compared after normalisation (names, comments, docstrings and order set aside), without what the "
             f"stubs, the kata's solutions or more than {common_cap(len(fps))} copies share; step 14's models by "
             "their answers on 1,000 fixed test reviews. How: docs/grading.md, *Copies to look at twice*.", "",
             f"{len(fps)} copies compared on steps {', '.join(str(s.number) for s in wanted)}; {enough} have "
             f"{MIN_OWN} or more fragments of their own code; {sum('probe' in fp for fp in fps.values())} have a "
             "step-14 model.", ""]
    lines += [f"> ⚠ {note}" for note in sorted(set(notes))]
    if not pairs:
        return "\n".join(lines + ["No pair stands out.", ""])
    lines += ["| # | Copies | Code | Step-14 models |", "|---:|---|---|---|"]
    for i, (a, b) in enumerate(pairs[:MAX_PAIRS], 1):
        lines.append(f"| {i} | {_md(a)} · {_md(b)} | {_code_words(code[(a, b)]) if (a, b) in code else '-'} "
                     f"| {_model_words(models[(a, b)]) if (a, b) in models else '-'} |")
    if len(pairs) > MAX_PAIRS:
        lines.append(f"| | {len(pairs) - MAX_PAIRS} more pairs | | |")
    lines += ["", "### The fragments they share", ""]
    for i, (a, b) in enumerate(pairs[:MAX_PAIRS], 1):
        if (a, b) in code:
            shown = sorted(code[(a, b)]["shared"], key=lambda u: (-len(u), u))[:5]  # the most telling: the longest
            lines += [f"{i}. {_md(a)} · {_md(b)}: " + " · ".join(f"step {_number(u)} `{_md(u.split(': ', 1)[1])}`"
                                                                for u in shown)
                      + (" …" if len(code[(a, b)]["shared"]) > 5 else "")]
    return "\n".join(lines) + "\n"


def _md(text) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ").replace("`", "'")
