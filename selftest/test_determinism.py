"""The reference training is repeatable: the same seeds give the same numbers.

The kata relies on seeds and TensorFlow's CPU kernels, not on `enable_op_determinism()` (that turns
XLA off here: Keras warns "Model doesn't support jit_compile=True"), so this test is the proof. It is
also what makes storing a training sound (SpyModel.fit serves a stored result for the same inputs):
each training here is stored in an empty folder of its own, so both really train. Small on purpose:
one epoch on 1,024 reviews (two mini-batches of 512), validated on 512.
"""

import numpy as np

from kata import training
from kata.judge import oracle


def _short_training(store) -> tuple[dict, list]:
    (x, y), (x_val, y_val) = oracle.split()  # the padded data from the project's cache
    model = training.spy_model(store_in=store)  # seeded, built and compiled as the checks do (XLA on)
    history = model.fit(x[:1024], y[:1024], epochs=1, batch_size=512, validation_data=(x_val[:512], y_val[:512]), verbose=0)
    assert list(store.glob("fit-*.weights.h5")), "the training was not stored"
    return {k: [float(v) for v in values] for k, values in history.history.items()}, model.get_weights()


def test_same_seed_same_history(tmp_path):
    (first, weights), (second, again) = (_short_training(tmp_path / name) for name in ("one", "two"))
    assert set(first) == {"loss", "accuracy", "val_loss", "val_accuracy"}
    assert first == second, f"two seeded trainings differ:\n{first}\n{second}"
    assert all(np.array_equal(a, b) for a, b in zip(weights, again)), "two seeded trainings end with different weights"
