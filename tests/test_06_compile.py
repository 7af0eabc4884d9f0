"""Step 6 · compile: checks for exercises/06_compile.py (compile_model).

The learner's function gets a fresh model of the post (made in the learner process from the kata's
recipe, never the learner's step 5). The model comes back as a `.keras` file, and the checks read what
it was compiled with through Keras's public API: `model.loss`, `model.optimizer.get_config()` and
`model.get_compile_config()`. What is expected comes from the kata's own reference compile
(`ref.compile_fast`). A setting that is not the post's is named by its knob: the optimizer and every one
of its arguments against Adam's defaults, the loss and its arguments, the metrics.
"""

import inspect
import re

import numpy as np
import pytest

from kata.judge.checking import PostModel, expect, fail, show
from kata.judge.feedback import Feedback
from kata.judge.knobs import Change, Code, Knob, compare, knob_feedback
from kata.i18n import has, t

JUDGE_IMPORTS = ("keras",)  # the judge reads models itself: imported while the learner process starts

# Metric spellings that mean binary accuracy for a one-unit sigmoid output.
ACCURACY = {"accuracy", "acc", "binary_accuracy", "BinaryAccuracy"}

# The post's compile, knob by knob: the optimizer and its arguments (Adam's defaults), the loss and its
# arguments (BinaryCrossentropy's defaults), the metrics.
OPTIMIZER = [
    Knob("optimizer", "adam", ("sgd", "rmsprop", "adagrad"), call="compile", arg="optimizer"),
    Knob("learning_rate", 0.001, (0.01, 0.0001, 0.1), call="Adam", arg="learning_rate"),
    Knob("beta_1", 0.9, (0.5, 0.99), call="Adam", arg="beta_1"),
    Knob("beta_2", 0.999, (0.99,), call="Adam", arg="beta_2"),
    Knob("epsilon", 1e-07, (1e-08, 0.001), call="Adam", arg="epsilon"),
    Knob("amsgrad", False, (True,), call="Adam", arg="amsgrad"),
]
LOSS = [
    Knob("loss", "binary_crossentropy", ("mean_squared_error", "categorical_crossentropy", "hinge"), call="compile",
         arg="loss"),
    Knob("from_logits", False, (True,), call="BinaryCrossentropy", arg="from_logits"),
    Knob("label_smoothing", 0.0, (0.1,), call="BinaryCrossentropy", arg="label_smoothing"),
]
METRICS = [Knob("metrics", ["accuracy"], (None, ["mae"]), call="compile", arg="metrics")]
KNOBS = OPTIMIZER + LOSS + METRICS

# A compiled model Keras could not save (in the learner process) or load back (here, in its safe mode).
UNKEPT = ("generic.model_unsaved", "generic.model_custom", "generic.model_lambda")

# Where compile's arguments are, when given by position.
COMPILE_ARGS = ("optimizer", "loss", "loss_weights", "metrics")


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
        error = str(fb.values.get("error", "") or fb.values.get("reason", ""))
        if fb.kind == "crashed" and "AdamOptimizer" in error and "Could not interpret optimizer" in error:
            # tf.compat.v1.train.AdamOptimizer(): it exists, but Keras 3's compile cannot use it.
            raise Feedback("crashed", "compile.adam_compat_v1", where=fb.where, error=error) from None
        if fb.kind == "crashed" and error:
            _class_given(learner, error, fb.where)
        if fb.key in UNKEPT:  # the post's own layers: what Keras cannot save or load back came from compile
            fail("unsaved", expected="model.compile(optimizer='adam', loss='binary_crossentropy', metrics=['accuracy'])",
                 reason=error)
        raise
    model = called.args[0]
    seen.add(lambda: {"optimizer": _name(getattr(model, "optimizer", None)).replace("'", ""),
                      "loss": _name(getattr(model, "loss", None)).replace("'", ""),
                      "metrics": ", ".join(_metric_names(_compile_config(model).get("metrics")))})
    return model, called.value


def _written_classes(learner) -> dict:
    """{class name: compile's argument} for every class compile_model's code passes to compile uncalled
    (`loss=keras.losses.BinaryCrossentropy`), read from its source."""
    import ast

    node = learner.definition("compile_model")
    found: dict = {}
    for call in (n for n in ast.walk(node) if isinstance(n, ast.Call)) if node is not None else ():
        if not (isinstance(call.func, ast.Attribute) and call.func.attr == "compile"):
            continue
        given = [(COMPILE_ARGS[i], a) for i, a in enumerate(call.args[:len(COMPILE_ARGS)])]
        given += [(k.arg, k.value) for k in call.keywords if k.arg]
        for arg, expr in given:
            called = {id(c.func) for c in ast.walk(expr) if isinstance(c, ast.Call)}
            for ref in ast.walk(expr):
                if isinstance(ref, (ast.Attribute, ast.Name)) and id(ref) not in called:
                    found.setdefault(ref.attr if isinstance(ref, ast.Attribute) else ref.id, (arg, ast.unparse(ref)))
    return found


def _class_given(learner, error: str, where) -> None:
    """Keras was given a class where it wants an object made from it (`loss=keras.losses.BinaryCrossentropy`,
    no parentheses): it fails when it compiles (`<class '...Adam'>`) or saves the model (`X.get_config()` without
    its `self`). Named with its argument, read from the code when it is written there."""
    import keras

    names = re.findall(r"\b(\w+)\.get_config\(\) missing 1 required positional argument: 'self'", error)
    names += re.findall(r"<class '[\w.]*?(\w+)'>", error)
    written = _written_classes(learner)
    for name in names:
        if name in written:
            arg, code = written[name]
        else:
            modules = (("optimizer", "optimizers"), ("loss", "losses"), ("metrics", "metrics"))
            found = [(a, f"keras.{m}.{name}") for a, m in modules if inspect.isclass(getattr(getattr(keras, m), name, None))]
            if not found:
                continue
            arg, code = found[0]
        fail("class_not_object", got=code, expected=f"{code}()", arg=arg, code=code, where=where)


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
        args = ", ".join(f"{k}={_said(v)!r}" for k, v in config.items() if k != "name" and v != default.get(k))
    except Exception:
        args = ""
    return f"{type(thing).__name__}({args})"


def _said(value):
    """A setting read from a config as it is written: float32 numbers as typed (0.001, not 0.0010000000474974513),
    a serialised Keras object (a learning-rate schedule) as its class and arguments."""
    if isinstance(value, float):
        return float(f"{value:.7g}")
    if isinstance(value, dict) and "class_name" in value:
        config = value.get("config") if isinstance(value.get("config"), dict) else {}
        return Code(f"{value['class_name']}({', '.join(f'{k}={_said(v)!r}' for k, v in config.items() if k != 'name')})")
    if isinstance(value, list):
        return tuple(_said(v) for v in value)
    return value


def _snake(name: str) -> str:
    """A Keras class name as its function's name: BinaryCrossentropy -> binary_crossentropy, KLDivergence -> kl_divergence."""
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])", "_", name).lower()


def _loss_name(loss) -> str | None:
    """The loss's own name, however it is spelled: 'bce', binary_crossentropy, BinaryCrossentropy() ->
    'binary_crossentropy'."""
    import keras

    if isinstance(loss, str):
        try:
            loss = keras.losses.get(loss)
        except Exception:
            return loss
    if inspect.isfunction(loss):
        return loss.__name__
    if isinstance(loss, keras.losses.Loss):
        fn = getattr(loss, "fn", None)
        if type(loss).__name__ == "LossFunctionWrapper" and hasattr(fn, "__name__"):
            return fn.__name__
        return _snake(type(loss).__name__)
    return None


def _differ(config: dict, default: dict) -> list:
    """(Knob, value) for every argument of a config that differs from the defaults (the name aside)."""
    known = {k.name: k for k in KNOBS}
    return [(known.get(key, Knob(key, _said(default.get(key)))), _said(config.get(key)))
            for key in config if key != "name" and _said(config.get(key)) != _said(default.get(key))]


def _diagnose(change: Change | None, **values) -> None:
    if change is not None:
        raise knob_feedback(change, "compile", what=t("compile.knob_what.checked"), **values)


def _optimizer_change(optimizer, reference) -> Change | None:
    """The optimizer, then every one of its arguments against Adam's defaults (the post's 'adam')."""
    if optimizer is None:
        return None
    name = type(optimizer).__name__.lower()
    named = compare(OPTIMIZER[:1], {"optimizer": name})
    if named is not None or type(optimizer) is not type(reference.optimizer):
        return named
    differ = _differ(optimizer.get_config(), type(reference.optimizer)().get_config())
    return Change(tuple(differ)) if differ else None


def _loss_change(loss) -> Change | None:
    """The loss by its name, then every one of its arguments against the defaults of its class."""
    name = _loss_name(loss)
    if name is None:
        return None
    named = compare(LOSS[:1], {"loss": name})
    if named is not None:
        return named
    if not hasattr(loss, "get_config") or isinstance(loss, str):
        return None
    try:
        differ = _differ(loss.get_config(), type(loss)().get_config())
    except Exception:  # a loss class that needs arguments to be made: its arguments are not compared
        return None
    return Change(tuple(differ)) if differ else None


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


def _metrics_said(metrics):
    """The metrics as written: names as strings, objects as the code that makes them."""
    if metrics is None:
        return None
    items = metrics if isinstance(metrics, (list, tuple)) else [metrics]
    out = []
    for m in items:
        if isinstance(m, dict) and m.get("class_name") == "function":
            out.append(str(m.get("config")))
        elif isinstance(m, dict) and "class_name" in m:
            out.append(Code(f"keras.metrics.{m['class_name']}()"))
        else:
            out.append(m)
    return out


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
    model, _ = compiled
    _is_compiled(model)
    loss = getattr(model, "loss", None)
    expect(loss is not None, "no_loss", got="loss=None", expected=_name(reference.loss))
    y_true = np.array([[1.0], [0.0], [1.0], [0.0]], dtype="float32")
    y_pred = np.array([[0.9], [0.2], [0.4], [0.7]], dtype="float32")
    value, wanted = _loss_value(loss, y_true, y_pred), _loss_value(reference.loss, y_true, y_pred)
    if value is not None and np.isclose(value, wanted, rtol=1e-4):
        return  # the post's loss, however it is spelled
    name = _loss_name(loss)
    why = t(f"compile.loss_why.{name}") + " " if has(f"compile.loss_why.{name}") else ""
    _diagnose(_loss_change(loss), why=why)
    fail("loss", got=_name(loss), expected=_name(reference.loss))


def test_optimizer(compiled, reference):
    """The optimizer is Adam ('adam' or keras.optimizers.Adam()) with all its default arguments."""
    model, _ = compiled
    _is_compiled(model)
    _diagnose(_optimizer_change(getattr(model, "optimizer", None), reference))


def test_metrics(compiled):
    """Accuracy is among the metrics ('accuracy', 'acc' or keras.metrics.BinaryAccuracy())."""
    model, _ = compiled
    _is_compiled(model)
    metrics = _compile_config(model).get("metrics")
    names = _metric_names(metrics)
    if any(n in ACCURACY for n in names):
        return
    expect("Accuracy" not in names, "exact_accuracy", got="keras.metrics.Accuracy()", expected="metrics=['accuracy']")
    _diagnose(compare(METRICS, {"metrics": _metrics_said(metrics)}))
    fail("no_accuracy", got=f"metrics={names or None}", expected="metrics=['accuracy']")
