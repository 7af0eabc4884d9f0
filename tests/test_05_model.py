"""Step 5 · model: checks for exercises/05_model.py (build_model).

The expected layers, settings and parameter counts are read from the kata's reference model
(`keras.Sequential(ref.layers())`). A model that is not the post's is first named by the post's knobs: its
layers' settings, read from their configuration (`layer.get_config()`), compared one by one with the post's;
a model Keras cannot even build is read from the layers its code writes, and named when the post's model
with that change stops the same way.
"""

import ast
import inspect
import re
from difflib import SequenceMatcher

import numpy as np
import pytest

from kata.judge.checking import expect, fail, show
from kata.judge.feedback import Feedback
from kata.judge.knobs import Change, Code, Knob, compare, knob_feedback
from kata.i18n import has, lang, t

JUDGE_IMPORTS = ("keras",)  # the judge reads models itself: imported while the learner process starts

OTHER_VOCAB = 5000  # build_model(vocab_size=OTHER_VOCAB) must use it
BIG = 10**6  # a layer size beyond it is never built by the judge to reproduce a crash (its memory)

# The post's model, knob by knob: each layer's settings and the values a learner may write instead.
KNOBS = [
    Knob("input_dim", 10000, (1000, 5000, 20000), call="Embedding", arg=0),
    Knob("output_dim", 16, (8, 32, 64, 128), call="Embedding", arg=1),
    Knob("mask_zero", False, (True,), call="Embedding", arg="mask_zero"),
    Knob("pooling", "GlobalAveragePooling1D", ("GlobalMaxPooling1D", "Flatten", None), call="GlobalAveragePooling1D"),
    Knob("units", 16, (8, 32, 64), call="Dense", arg=0),
    Knob("activation", "relu", ("linear", "tanh", "sigmoid"), call="Dense", arg="activation"),
    Knob("output_units", 1, (2,), call="Dense", arg=0, label="units"),
    Knob("output_activation", "sigmoid", ("linear", "softmax", "relu"), call="Dense", arg="activation"),
]
ROLE_KNOBS = {"embedding": {"input_dim": "input_dim", "output_dim": "output_dim", "mask_zero": "mask_zero"},
              "hidden": {"units": "units", "activation": "activation"},
              "output": {"output_units": "units", "output_activation": "activation"}}


def _n(value) -> str:
    """A count in a got/expected line as the learner reads numbers: 160,000 (en) or 160.000 (pt_BR)."""
    text = f"{int(value):,}"
    return text.replace(",", ".") if lang() == "pt_BR" else text


def _config(layer) -> dict:
    try:
        return layer.get_config()
    except Exception:  # a lambda activation cannot be serialised
        return {}


def _activation(layer) -> str:
    value = _config(layer).get("activation")
    if value is None:
        value = getattr(getattr(layer, "activation", None), "__name__", None)
    return str(value)


def _kind(layer) -> str:
    return type(layer).__name__  # a Dense with a separate activation layer after it (class Dense below) too


def _describe(layer) -> str:
    """A layer as one would write it: Embedding(10000, 16), Dense(16, activation='relu')."""
    cfg, kind = _config(layer), _kind(layer)
    if kind == "Embedding" and cfg:
        return f"Embedding({cfg['input_dim']}, {cfg['output_dim']})"
    if kind == "Dense" and cfg:
        act = _activation(layer)
        return f"Dense({cfg['units']})" if act == "linear" else f"Dense({cfg['units']}, activation='{act}')"
    if kind == "Dropout" and cfg:
        return f"Dropout({cfg['rate']})"
    return f"{kind}()"


class Dense:
    """A Dense layer and the activation layer after it (`Dense(16)` then `ReLU()`), seen as the one
    `Dense(16, activation='relu')` they compute: the same network, the same 160,289 parameters."""

    def __init__(self, dense, activation: str):
        self.dense, self.activation_name = dense, activation

    def get_config(self):
        return {**self.dense.get_config(), "activation": self.activation_name}

    def count_params(self):
        return self.dense.count_params()

    def __getattr__(self, name):
        return getattr(self.dense, name)


def _separate_activation(layer) -> str | None:
    """The activation an activation-only layer applies ("relu" for ReLU(), Activation('relu')), else None."""
    kind, cfg = _kind(layer), _config(layer)
    if kind == "ReLU" and not cfg.get("max_value") and not cfg.get("negative_slope") and not cfg.get("threshold"):
        return "relu"
    if kind == "Activation" and isinstance(cfg.get("activation"), str):
        return cfg["activation"]
    return None


_SEEN: dict = {}


def _layers(model) -> list:
    import keras

    known = _SEEN.get(id(model))
    if known is not None and known[0] is model:
        return known[1]
    layers = []
    for layer in model.layers:
        if isinstance(layer, keras.layers.InputLayer):
            continue
        separate = _separate_activation(layer)
        if separate and layers and _kind(layers[-1]) == "Dense" and _activation(layers[-1]) == "linear":
            layers[-1] = Dense(layers[-1], separate)
            continue
        layers.append(layer)
    _SEEN[id(model)] = (model, layers)
    return layers


def _pooling(kind: str) -> bool:
    return kind == "Flatten" or kind.endswith("Pooling1D")


def _roles(layers) -> dict | None:
    """The learner's layers in the post's places, when they line up: an Embedding, a pooling layer (or
    none), then two Dense layers, the hidden one and the output. None for another structure."""
    kinds = [_kind(layer) for layer in layers]
    pools = [i for i, kind in enumerate(kinds) if _pooling(kind)]
    body = [layer for i, layer in enumerate(layers) if i not in pools]
    if len(pools) > 1 or (pools and pools[0] != 1) or [_kind(layer) for layer in body] != ["Embedding", "Dense", "Dense"]:
        return None
    return {"embedding": body[0], "pooling": layers[1] if pools else None, "hidden": body[1], "output": body[2]}


def _said(value):
    """A setting from a layer's configuration as code: a serialised Keras object as its class and arguments."""
    if isinstance(value, float):
        return float(f"{value:.7g}")  # float32 settings read back as the number written (0.05, not 0.0500000007)
    if isinstance(value, dict) and "class_name" in value:
        config = value.get("config")
        if isinstance(config, dict):
            args = ", ".join(f"{k}={_said(v)!r}" for k, v in config.items() if v is not None)
        else:
            args = "" if config is None else repr(config)
        return Code(f"{value['class_name']}({args})")
    if isinstance(value, list):
        return tuple(_said(v) for v in value)
    return value


def _change(layers, want) -> Change | None:
    """The post's knobs the learner's layers set otherwise, then every other argument of theirs that differs
    from the post's same layer (use_bias, trainable, initializers ...); None when the layers do not line up."""
    got, post = _roles(layers), _roles(want)
    if got is None or post is None:
        return None
    settings: dict = {"pooling": _kind(got["pooling"]) if got["pooling"] is not None else None}
    extra = []
    for role, knobs in ROLE_KNOBS.items():
        g, w = _config(got[role]), _config(post[role])
        if not g:  # a configuration Keras cannot write (a lambda activation): the checks below say it
            continue
        g = {**g, "activation": _activation(got[role])} if "activation" in g else g
        settings.update({name: _said(g.get(key)) for name, key in knobs.items() if key in g})
        for key in sorted(set(g) | set(w)):
            if key != "name" and key not in knobs.values() and _said(g.get(key)) != _said(w.get(key)):
                extra.append((Knob(key, _said(w.get(key))), _said(g.get(key))))
    if got["pooling"] is not None and post["pooling"] is not None and _kind(got["pooling"]) == _kind(post["pooling"]):
        g, w = _config(got["pooling"]), _config(post["pooling"])
        extra += [(Knob(key, _said(w.get(key))), _said(g.get(key))) for key in sorted(set(g) | set(w))
                  if key != "name" and _said(g.get(key)) != _said(w.get(key))]
    named = compare(KNOBS, settings)
    knobs = (named.knobs if named else ()) + tuple(extra)
    return Change(knobs) if knobs else None


def _swapped(layers, want) -> bool:
    """Embedding(16, vocab_size): the two numbers the other way round (said by test_embedding)."""
    got, post = _roles(layers), _roles(want)
    if got is None or post is None:
        return False
    g, w = _config(got["embedding"]), _config(post["embedding"])
    return (g.get("input_dim"), g.get("output_dim")) == (w.get("output_dim"), w.get("input_dim")) != (
        w.get("input_dim"), w.get("output_dim"))


def _diagnose(model, reference):
    """A model that is not the post's, named by the settings (knobs) in which its layers differ from it."""
    got, want = _layers(model), _layers(reference)
    if _swapped(got, want):
        return
    change = _change(got, want)
    if change is not None:
        fb = knob_feedback(change, "model", what=t("model.knob_what.checked"))
        if _picture(got) != _picture(want):  # the layers as code show the change (not a use_bias=False)
            fb.got, fb.expected = _picture(got), _picture(want)
        raise fb


def _written_layers(node, keras) -> list | None:
    """The Keras layers a build_model definition writes, in the order written, made here by Keras from their
    literal arguments (a parameter stands for its default): None when an argument is not a literal."""
    defaults = {}
    params = node.args.args[len(node.args.args) - len(node.args.defaults):]
    for param, default in zip(params, node.args.defaults):
        try:
            defaults[param.arg] = ast.literal_eval(default)
        except ValueError:
            pass

    def value(expr):
        if isinstance(expr, ast.Name) and expr.id in defaults:
            return defaults[expr.id]
        return ast.literal_eval(expr)

    calls = sorted((n for n in ast.walk(node) if isinstance(n, ast.Call)), key=lambda n: (n.lineno, n.col_offset))
    layers = []
    for call in calls:
        name = call.func.attr if isinstance(call.func, ast.Attribute) else getattr(call.func, "id", "")
        cls = getattr(keras.layers, name, None)
        if not (inspect.isclass(cls) and issubclass(cls, keras.layers.Layer)) or issubclass(cls, keras.layers.InputLayer):
            continue
        try:
            args = [value(a) for a in call.args]
            kwargs = {k.arg: value(k.value) for k in call.keywords if k.arg}
            layers.append(cls(*args, **kwargs))
        except Exception:  # a computed argument, or one Keras refuses: the code's layers cannot be read
            return None
    return layers


def _first_line(text: str) -> str:
    return str(text).strip().splitlines()[0][:300] if str(text).strip() else ""


def _same_error(a: str, b: str) -> bool:
    """The same first line, but for the numbers Keras adds to its names (dense_3, sequential_12)."""
    return re.sub(r"_\d+\b", "", _first_line(a)) == re.sub(r"_\d+\b", "", _first_line(b))


def _explain_crash(learner, ref, fb: Feedback):
    """build_model stopped while Keras built the model: the layers its code writes, compared with the post's,
    name the change when the post's model with that change stops with the same error."""
    import keras

    node = learner.definition("build_model")
    error = str(fb.values.get("error", ""))
    if node is None or not error:
        return
    written = _written_layers(node, keras)
    want = [layer for layer in ref.layers() if not isinstance(layer, keras.KerasTensor)]
    change = _change(written, want) if written else None
    if change is None or any(isinstance(v, int) and v > BIG for layer in written for v in _config(layer).values()):
        return  # the post's model, or sizes the judge will not build itself
    try:
        keras.Sequential([ref.layers()[0], *_written_layers(node, keras)])
    except Exception as exc:  # the post's model, with that change, as Keras builds it
        if not _same_error(f"{type(exc).__name__}: {exc}", error):
            return
        key = f"model.knob.{change.knobs[0][0].name}"
        fill = {"changes": change.said(), "post": change.post()}
        raise Feedback("crashed", key, template="model.knob_crash", where=fb.where, error=_first_line(error),
                       cause=t(key if has(key) else "knob.cause", **fill),
                       got=_picture(written), expected=_picture(want), **fill) from None


def _signature(layer) -> str:
    """Kind and activation: enough to line up two models whose sizes differ."""
    return f"{_kind(layer)}/{_activation(layer)}" if _kind(layer) == "Dense" else _kind(layer)


def _picture(layers) -> str:
    return " -> ".join(_describe(layer) for layer in layers)


@pytest.fixture(scope="module")
def reference(ref):
    import keras

    return keras.Sequential(ref.layers())


@pytest.fixture(scope="module")
def model(learner, ref):
    learner.function("build_model")  # an untouched stub is "not started" before Keras is even imported
    import keras

    try:
        result = learner.call("build_model")
    except Feedback as fb:
        if fb.kind == "crashed":
            _explain_crash(learner, ref, fb)
        raise
    expect(isinstance(result, keras.Model), "not_a_model", got=show(result), expected="keras.Sequential([...])")
    return result


def _align(got, want):
    """(extra layers, missing layers) when got is want with layers only added or only removed, else None."""
    for key in (_describe, _signature, _kind):
        ops = SequenceMatcher(a=[key(w) for w in want], b=[key(g) for g in got], autojunk=False).get_opcodes()
        if any(tag == "replace" for tag, *_ in ops):
            continue
        extra = [g for tag, _, _, j1, j2 in ops if tag == "insert" for g in got[j1:j2]]
        missing = [w for tag, i1, i2, _, _ in ops if tag == "delete" for w in want[i1:i2]]
        return extra, missing
    return None


def _structure(model, reference):
    """The learner's layers, paired with the reference's, once they are of the same kinds in the same order."""
    _diagnose(model, reference)
    got, want = _layers(model), _layers(reference)
    pictures = dict(got=_picture(got), expected=_picture(want))
    if [_kind(g) for g in got] == [_kind(w) for w in want]:
        return list(zip(got, want))
    aligned = _align(got, want)
    if aligned and len(got) > len(want) and not aligned[1]:
        fail("extra_layer", **pictures, count=len(got), wanted=len(want), extra=", ".join(_describe(x) for x in aligned[0]))
    if aligned and len(got) < len(want) and not aligned[0]:
        fail("missing_layer", **pictures, count=len(got), wanted=len(want), missing=", ".join(_describe(x) for x in aligned[1]))
    position = next((i for i, (g, w) in enumerate(zip(got, want)) if _kind(g) != _kind(w)), min(len(got), len(want)))
    fail("layer_order", **pictures, position=position + 1,
         layer=_kind(got[position]) if position < len(got) else "-",
         wanted_layer=_kind(want[position]) if position < len(want) else "-")


def _built(model, ref):
    """Keras 3 builds lazily: give the model the input shape of a padded batch if it has none yet."""
    if not model.built:
        try:
            model.build((None, ref.MAXLEN))
        except Exception as exc:
            fail("build", got=f"{type(exc).__name__}: {exc}"[:200])
    return model


def _pair(model, reference, kind, which=0):
    """The learner's and the reference's `which`-th layer of the given kind."""
    pairs = [(g, w) for g, w in _structure(model, reference) if _kind(w) == kind]
    return pairs[which]


def _position(model, layer) -> int:
    return _layers(model).index(layer) + 1


def _batch(model, ref, size=4):
    """A few padded reviews whose word ids all fit the model's Embedding."""
    (x_train, _), _ = ref.padded()
    embedding = next(layer for layer in _layers(model) if _kind(layer) == "Embedding")
    return np.minimum(x_train[:size], _config(embedding)["input_dim"] - 1)


def test_returns_a_model(model):
    """build_model() returns a Keras model."""


def test_layers_in_order(model, reference):
    """Four layers, in the post's order: Embedding, GlobalAveragePooling1D, Dense, Dense."""
    _structure(model, reference)


def test_embedding(model, reference, ref):
    """The Embedding turns each of the 10,000 word ids into 16 numbers: 160,000 parameters."""
    got, want = _pair(model, reference, "Embedding")
    g, w = _config(got), _config(want)
    gin, gout, win, wout = g["input_dim"], g["output_dim"], w["input_dim"], w["output_dim"]
    values = dict(got=_describe(got), expected=_describe(want), position=_position(model, got),
                  params=gin * gout, expected_params=win * wout, words=win, dim=wout,
                  got_words=gin, got_dim=gout)  # numbers in prose: the message writes them in its language
    expect(not (gin == wout and gout == win and gin != win), "embedding_swapped", **values)
    expect(gin == win, "embedding_vocab", **values)
    expect(gout == wout, "embedding_dim", **values)
    _built(model, ref)
    expect(got.count_params() == want.count_params(), "params", got=_n(got.count_params()),
           expected=_n(want.count_params()), position=_position(model, got), layer=_describe(got))


def test_hidden_layer(model, reference):
    """The hidden layer is Dense(16, activation='relu')."""
    got, want = _pair(model, reference, "Dense", 0)
    values = dict(got=_describe(got), expected=_describe(want), position=_position(model, got), activation=_activation(got))
    expect(_config(got).get("units") == _config(want)["units"], "hidden_units", **values,
           units=_config(got).get("units"), wanted=_config(want)["units"])
    expect(_activation(got) == _activation(want), "relu", **values)


def test_output_layer(model, reference, ref):
    """The output layer is Dense(1, activation='sigmoid'): one probability per review."""
    got, want = _pair(model, reference, "Dense", 1)
    values = dict(got=_describe(got), expected=_describe(want), position=_position(model, got), activation=_activation(got))
    expect(_config(got).get("units") == _config(want)["units"], "output_units", **values, units=_config(got).get("units"))
    if _activation(got) == "softmax":
        outputs = np.asarray(_built(model, ref)(_batch(model, ref), training=False)).ravel()
        fail("softmax", **values, outputs=show([round(float(v), 4) for v in outputs]), count=len(outputs))
    expect(_activation(got) == _activation(want), "sigmoid", **values)


def test_parameter_count(model, reference, ref, seen):
    """160,289 trainable parameters in all, layer by layer as in the post's model.summary()."""
    pairs = _structure(model, reference)
    _built(model, ref)
    breakdown = " + ".join(_n(w.count_params()) for _, w in pairs)
    for got, want in pairs:
        expect(got.count_params() == want.count_params(), "params", got=_n(got.count_params()),
               expected=_n(want.count_params()), position=_position(model, got), layer=_describe(got))
    total, wanted = model.count_params(), reference.count_params()
    expect(total == wanted, "total_params", got=_n(total), expected=f"{_n(wanted)} = {breakdown}")
    trainable = sum(int(np.prod(v.shape)) for v in model.trainable_weights)
    expect(trainable == wanted, "frozen", got=_n(trainable), expected=_n(wanted))
    seen.add(lambda: {"layers": " → ".join(_describe(layer) for layer in model.layers), "params": int(total)})


def test_outputs(model, reference, ref):
    """On a batch of padded reviews, the model gives one probability between 0 and 1 per review."""
    _structure(model, reference)
    batch = _batch(model, ref)
    out = np.asarray(_built(model, ref)(batch, training=False))
    expect(out.shape == (len(batch), 1), "output_shape", got=out.shape, expected=(len(batch), 1))
    expect(bool(np.all((out >= 0) & (out <= 1))), "output_range", got=show([round(float(v), 4) for v in out.ravel()]),
           expected="0 <= p <= 1")


def test_uses_vocab_size(learner, model, reference):
    """build_model(vocab_size=...) builds the Embedding with that vocabulary, not a fixed 10,000."""
    import keras

    other = learner.call("build_model", vocab_size=OTHER_VOCAB)
    expect(isinstance(other, keras.Model), "not_a_model", got=show(other), expected="keras.Sequential([...])")
    _, want = _pair(model, reference, "Embedding")  # the default model's layers are checked first
    got = next((layer for layer in _layers(other) if _kind(layer) == "Embedding"), None)
    expected = f"Embedding({OTHER_VOCAB}, {_config(want)['output_dim']})"
    expect(got is not None and _config(got).get("input_dim") == OTHER_VOCAB, "vocab_param",
           got=_picture(_layers(other)) if got is None else _describe(got), expected=expected, vocab=OTHER_VOCAB)
