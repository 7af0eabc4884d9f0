"""The reference training is repeatable: the same seeds give the same numbers.

The kata relies on seeds and TensorFlow's CPU kernels, not on `enable_op_determinism()` (that turns
XLA off here: Keras warns "Model doesn't support jit_compile=True"), so this test is the proof.
Small on purpose: 2 epochs on 2,000 reviews.
"""

from kata import oracle


def _short_training() -> dict:
    (x, y), (x_val, y_val) = oracle.split()
    oracle.seed_everything()
    model = oracle.spy_model()  # seeded again inside, then built and compiled as the checks do (XLA on)
    history = model.fit(x[:2000], y[:2000], epochs=2, batch_size=512, validation_data=(x_val[:1000], y_val[:1000]), verbose=0)
    return {k: [float(v) for v in values] for k, values in history.history.items()}


def test_same_seed_same_history():
    first, second = _short_training(), _short_training()
    assert set(first) == {"loss", "accuracy", "val_loss", "val_accuracy"}
    assert first == second, f"two seeded trainings differ:\n{first}\n{second}"
