"""The kata's training is repeatable: the same seeds give the same numbers, in any process.

The kata relies on seeds and TensorFlow's CPU kernels, not on `enable_op_determinism()` (that turns
XLA off here: Keras warns "Model doesn't support jit_compile=True"), so this test is the proof. It is
also what makes storing a training sound (SpyModel.fit serves a stored result for the same inputs),
and what lets the judge trust that a learner's correct step 8 is its own reference training.

One short training (one epoch on 1,024 reviews, validated on 512), the kata's way (XLA, an epoch per
call of the compiled step): once in a learner process, through a learner's train(), and once here in
an empty store of its own. Same history, same weights. The learner process's training also shows the
path a learner's own fit takes (Keras's validation included) and that it is stored on the learner's side.
"""

import os

import numpy as np
import pytest

from kata.shared import cache, training
from kata.judge import oracle
from kata.judge.checking import Learner, PostModel
from kata.judge.views import HistoryView
from kata.manifest import step


SHORT_FIT = """
def train(model, partial_x_train, partial_y_train, x_val, y_val):
    return model.fit(partial_x_train[:1024], partial_y_train[:1024], epochs=1, batch_size=512,
                     validation_data=(x_val[:512], y_val[:512]))
"""


@pytest.mark.e2e  # two full trainings (35 s on two cores): make test-e2e
def test_the_same_training_gives_the_same_numbers_in_any_process(tmp_path):
    train = step("train")
    (tmp_path / train.exercise().name).write_text(SHORT_FIT)
    (x, y), (x_val, y_val) = oracle.split()
    result = Learner(train, tmp_path).run("train", [PostModel(spy=True), x, y, x_val, y_val],
                                          on_event=lambda name, data, call: {"action": "train"}, keep=[0])
    theirs = result.value
    assert isinstance(theirs, HistoryView) and 0 in theirs.of_argument, theirs
    assert set(theirs.history) == {"loss", "accuracy", "val_loss", "val_accuracy"}
    assert list(cache.folder("learner").glob("fit-*.weights.h5")), "the learner process's training was not stored"

    store = tmp_path / "store"  # empty: this one really trains
    model = training.spy_model(store_in=store)
    ours = model.fit(x[:1024], y[:1024], epochs=1, batch_size=512, validation_data=(x_val[:512], y_val[:512]), verbose=0)
    assert list(store.glob("fit-*.weights.h5")), "the training was not stored"
    history = {k: [float(v) for v in values] for k, values in ours.history.items()}
    assert history == theirs.history, f"two seeded trainings differ:\n{history}\n{theirs.history}"
    assert all(np.array_equal(a, b) for a, b in zip(model.get_weights(), result.args[0].get_weights())), \
        "two seeded trainings end with different weights"


THREADED_FIT = r"""
import hashlib, json, numpy as np
from kata.shared import post
from kata.judge import oracle
post.seed_everything()
import keras
model = keras.Sequential(post.layers())
model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
(x, y), (x_val, y_val) = oracle.split()
h = model.fit(x[:4096], y[:4096], epochs=2, batch_size=512, validation_data=(x_val[:1024], y_val[:1024]), verbose=0)
weights = hashlib.sha256(b"".join(np.asarray(w).tobytes() for w in model.get_weights())).hexdigest()
print("FIT " + json.dumps({"history": {k: [float(v) for v in vs] for k, vs in h.history.items()}, "weights": weights}))
"""


@pytest.mark.e2e  # two trainings in fresh processes (about 25 s): make test-e2e
def test_a_training_gives_the_same_numbers_with_one_thread_or_two():
    """`make grade JOBS=2` gives each copy one core's threads (kata.judge.batch.thread_limits); a grade must
    not depend on JOBS. (The post's whole 40-epoch training, measured: the same weights, byte for byte.)"""
    import json
    import os
    import subprocess
    import sys

    from kata.judge import batch

    runs = []
    for threads in (1, 2):
        env = {**os.environ, "TF_CPP_MIN_LOG_LEVEL": "3",
               **{k: str(threads) for k in batch.thread_limits(1) if k.endswith("_THREADS")}}
        done = subprocess.run([sys.executable, "-c", THREADED_FIT], env=env, capture_output=True, text=True, timeout=600)
        line = next((x for x in done.stdout.splitlines() if x.startswith("FIT ")), None)
        assert line, done.stdout[-2000:] + done.stderr[-2000:]
        runs.append(json.loads(line[4:]))
    assert runs[0] == runs[1], f"one thread and two give different trainings:\n{runs[0]}\n{runs[1]}"


def test_each_graded_copy_gets_its_share_of_the_cores(monkeypatch):
    from kata.judge import batch, sandbox

    monkeypatch.setattr(os, "sched_getaffinity", lambda _pid: {0, 1}, raising=False)
    assert batch.threads_per_copy(1) == 2 and batch.threads_per_copy(2) == 1 and batch.threads_per_copy(5) == 1
    monkeypatch.delenv("KATA_TIMEOUT_SCALE", raising=False)
    limits = batch.thread_limits(2)
    assert limits.pop("KATA_TIMEOUT_SCALE") == "2.0"  # half the machine: twice the time
    assert set(limits.values()) == {"1"} and "TF_NUM_INTRAOP_THREADS" in limits
    assert set(limits) <= set(sandbox.ENV_KEPT), "the strict sandbox would drop them"
    assert batch.thread_limits(1)["KATA_TIMEOUT_SCALE"] == "1.0"
