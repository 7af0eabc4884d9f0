"""Step 6 · compile: checks for exercises/06_compile.py (compile_model).

The learner's function gets a fresh model of the post (made in the learner process from the kata's
recipe, never the learner's step 5). The model comes back as a `.keras` file, and the checks read what
it was compiled with through Keras's public API: `model.loss`, `model.optimizer` and
`model.get_compile_config()`. What is expected comes from the kata's own
reference compile (`ref.compile_fast`).
"""

import numpy as np
import pytest

from kata.judge.checking import PostModel, expect, fail, show
from kata.judge.feedback import Feedback

JUDGE_IMPORTS = ("keras",)  # the judge reads models itself: imported while the learner process starts

# Metric spellings that mean binary accuracy for a one-unit sigmoid output.
ACCURACY = {"accuracy", "acc", "binary_accuracy", "BinaryAccuracy"}


@pytest.fixture(scope="module")
def reference(ref):
    import keras

    return ref.compile_fast(keras.Sequential(ref.layers()))


@pytest.fixture(scope="module")
def compiled(learner, ref, seen):
    """(the model given to compile_model, what compile_model returned)."""
    learner.function("compile_model")  # an untouched stub is "not started" before Keras is even imported
    try:
        called = learner.run("compile_model", [PostModel()], keep=[0])
    except Feedback as fb:
        error = str(fb.values.get("error", ""))
        if fb.kind == "crashed" and "AdamOptimizer" in error and "Could not interpret optimizer" in error:
            # tf.compat.v1.train.AdamOptimizer(): it exists, but Keras 3's compile cannot use it.
            raise Feedback("crashed", "compile.adam_compat_v1", where=fb.where, error=error) from None
        raise
    model = called.args[0]
    seen.add(lambda: {"optimizer": _name(getattr(model, "optimizer", None)).replace("'", ""),
                      "loss": _name(getattr(model, "loss", None)).replace("'", ""),
                      "metrics": ", ".join(_metric_names(_compile_config(model).get("metrics")))})
    return model, called.value


def _compile_config(model) -> dict:
    try:
        return model.get_compile_config() or {}
    except Exception:  # an argument Keras cannot serialise (a lambda metric, say)
        return {"metrics": ["?"]}


def _is_compiled(model):
    expect(bool(_compile_config(model)), "not_compiled", got="model.get_compile_config() == {}",
           expected="model.compile(optimizer=..., loss=..., metrics=[...])")


def _name(thing) -> str:
    """How the learner wrote a loss or an optimizer: 'mse', keras.losses.BinaryCrossentropy(), ..."""
    if thing is None or isinstance(thing, str):
        return repr(thing)
    if callable(thing) and hasattr(thing, "__name__"):
        return thing.__name__
    try:  # a Loss or Optimizer object: its class and the arguments that differ from the defaults
        config, default = thing.get_config(), type(thing)().get_config()
        args = ", ".join(f"{k}={v!r}" for k, v in config.items() if k != "name" and v != default.get(k))
    except Exception:
        args = ""
    return f"{type(thing).__name__}({args})"


def _loss_value(loss, y_true, y_pred):
    """The loss's mean value on a few labels and probabilities, or None if Keras cannot use it that way."""
    import keras

    try:
        return float(np.mean(np.asarray(keras.losses.get(loss)(y_true, y_pred))))
    except Exception:
        return None


def _metric_names(metrics) -> list[str]:
    """Every metric given to compile, as a name: strings as written, objects by their class."""
    if metrics is None:
        return []
    if isinstance(metrics, dict) and "class_name" in metrics:  # one serialised metric object or function
        return [str(metrics.get("config")) if metrics["class_name"] == "function" else str(metrics["class_name"])]
    if isinstance(metrics, dict):  # one list per output
        metrics = list(metrics.values())
    if isinstance(metrics, (list, tuple)):
        return [name for m in metrics for name in _metric_names(m)]
    return [str(metrics)]


def test_returns_the_model(compiled):
    """compile_model returns the model it was given (model.compile itself returns None)."""
    model, result = compiled
    expect(result is not None, "returns_none", got="None", expected="model")
    expect(result is model, "other_model", got=show(result), expected=show(model))


def test_compiled(compiled):
    """The model given to compile_model is compiled."""
    model, _ = compiled
    _is_compiled(model)


def test_loss(compiled, reference):
    """The loss is binary cross-entropy ('binary_crossentropy' or keras.losses.BinaryCrossentropy())."""
    import keras

    model, _ = compiled
    _is_compiled(model)
    loss = getattr(model, "loss", None)
    expect(loss is not None, "no_loss", got="loss=None", expected=_name(reference.loss))
    y_true = np.array([[1.0], [0.0], [1.0], [0.0]], dtype="float32")
    y_pred = np.array([[0.9], [0.2], [0.4], [0.7]], dtype="float32")
    value, wanted = _loss_value(loss, y_true, y_pred), _loss_value(reference.loss, y_true, y_pred)
    if value is not None and np.isclose(value, wanted, rtol=1e-4):
        return
    values = dict(got=_name(loss), expected=_name(reference.loss))
    close = lambda other: value is not None and np.isclose(value, _loss_value(other, y_true, y_pred), rtol=1e-4)
    expect(not close("mean_squared_error"), "mse", **values)
    expect(not close("categorical_crossentropy"), "categorical", **values)
    expect(not close(keras.losses.BinaryCrossentropy(from_logits=True)), "from_logits", **values)
    fail("loss", **values)


def test_optimizer(compiled, reference):
    """The optimizer is Adam ('adam' or keras.optimizers.Adam()) with its default learning rate."""
    model, _ = compiled
    _is_compiled(model)
    got, want = getattr(model, "optimizer", None), reference.optimizer
    expect(type(got) is type(want), "optimizer", got=_name(got), expected=f"'adam' / keras.optimizers.{type(want).__name__}()",
           name=type(got).__name__)
    rate, wanted = got.get_config().get("learning_rate"), want.get_config().get("learning_rate")
    same = isinstance(rate, (int, float)) and np.isclose(rate, wanted, rtol=1e-6)
    readable = lambda v: float(f"{v:.7g}") if isinstance(v, (int, float)) else v
    expect(same, "learning_rate", got=show(readable(rate)), expected=show(readable(wanted)))


def test_metrics(compiled):
    """Accuracy is among the metrics ('accuracy', 'acc' or keras.metrics.BinaryAccuracy())."""
    model, _ = compiled
    _is_compiled(model)
    names = _metric_names(_compile_config(model).get("metrics"))
    if any(n in ACCURACY for n in names):
        return
    expect("Accuracy" not in names, "exact_accuracy", got="keras.metrics.Accuracy()", expected="metrics=['accuracy']")
    fail("no_accuracy", got=f"metrics={names or None}", expected="metrics=['accuracy']")
