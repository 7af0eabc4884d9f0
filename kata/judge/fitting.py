"""What the checks of a training step (8, 12) read from a `model.fit` call, as the learner process reported
it before the training ran: which data, which settings, which callbacks. Wrong data stops a check before
any training, with step 8's messages (`train.*`), the same for every training step.

The settings are the post's knobs (kata.judge.knobs): `settings()` reads them from the call, the step compares
them with the post's before any training. An EarlyStopping is judged by what it does: `stopping()` runs its
rules over the judge's own training of the same model (a training that stops early is that training's first
epochs), so the epoch it stops at and the weights it keeps are known before the learner's model trains.
"""

from __future__ import annotations

import ast

import numpy as np

from kata.judge.checking import fail, is_number, show
from kata.judge.knobs import Code, Knob

EARLY_STOPPING = "keras.callbacks.EarlyStopping"
# EarlyStopping's settings in the order of its signature, with Keras's defaults.
STOPPING_DEFAULTS = {"monitor": "val_loss", "min_delta": 0, "patience": 0, "mode": "auto", "baseline": None,
                     "restore_best_weights": False, "start_from_epoch": 0}
POST_PAIR = Code("(x_val, y_val)")


def fit_knobs() -> list:
    """The post's fit call, knob by knob (steps 8 and 12 write it alike): data and settings read from the call.
    validation_split comes before validation_data: with no validation_data, it is the setting that was written."""
    return [
        Knob("epochs", 40, (10, 20), call="fit", arg="epochs"),
        Knob("batch_size", 512, (32, 128), call="fit", arg="batch_size"),
        Knob("validation_split", 0.0, (0.2,), call="fit", arg="validation_split"),
        Knob("validation_data", POST_PAIR, (None, Code("(partial_x_train, partial_y_train)")), call="fit",
             arg="validation_data"),
        Knob("shuffle", True, (False,), call="fit", arg="shuffle"),
        Knob("steps_per_epoch", None, (10,), call="fit", arg="steps_per_epoch"),
        Knob("validation_steps", None, (5,), call="fit", arg="validation_steps"),
        Knob("validation_freq", 1, (2,), call="fit", arg="validation_freq"),
        Knob("initial_epoch", 0, (1,), call="fit", arg="initial_epoch"),
    ]


def plain(value):
    """A JSON-able picture of a fit argument (numbers stay numbers: ints ints, floats floats)."""
    if isinstance(value, (bool, str, type(None), int)):
        return value
    if isinstance(value, float):
        return value
    if isinstance(value, (list, tuple)) and all(isinstance(v, (bool, str, int, float, type(None))) for v in value):
        return type(value)(value)
    return show(value)


def _pair(validation, ref):
    """(names of the validation data's parts, the name of a third part that is not None) of validation_data."""
    if validation is None:
        return None, None
    if isinstance(validation, (tuple, list)) and len(validation) in (2, 3):
        extra = ref.which(validation[2]) if len(validation) == 3 and validation[2] is not None else None
        return [ref.which(validation[0]), ref.which(validation[1])], extra
    return [ref.which(validation), ""], None


def summarize(arguments: dict, ref) -> dict:
    """What the checks need to know about one `fit` call."""
    pair, extra = _pair(arguments.get("validation_data"), ref)
    callbacks = arguments.get("callbacks")
    validation = arguments.get("validation_data")
    return {
        "rows": _rows(arguments.get("x")),
        "validation_rows": _rows(validation[0] if isinstance(validation, (tuple, list)) and validation else None),
        "validation_batch_size": plain(arguments.get("validation_batch_size")),
        "x": ref.which(arguments.get("x")),
        "y": ref.which(arguments.get("y")),
        "epochs": plain(arguments.get("epochs")),
        "batch_size": plain(arguments.get("batch_size")),
        "validation_data": pair,
        "validation_extra": extra,
        "validation_split": plain(arguments.get("validation_split") or 0),
        "shuffle": plain(arguments.get("shuffle", True)),
        "steps_per_epoch": plain(arguments.get("steps_per_epoch")),
        "validation_steps": plain(arguments.get("validation_steps")),
        "validation_freq": plain(arguments.get("validation_freq", 1)),
        "initial_epoch": plain(arguments.get("initial_epoch", 0)),
        "callbacks": [c for c in callbacks if isinstance(c, dict)] if isinstance(callbacks, list) else [],
    }


def _rows(value) -> int | None:
    shape = getattr(value, "shape", None)
    return int(shape[0]) if isinstance(shape, tuple) and shape else None


def _whole(steps, rows, batch) -> bool:
    """Whether `steps` batches are exactly one pass over `rows` rows in batches of `batch`: what fit counts itself."""
    return all(isinstance(v, int) and not isinstance(v, bool) and v > 0 for v in (steps, rows, batch)) \
        and steps == -(-rows // batch)


def validation_code(call: dict):
    """The validation data as it reads in code: `(x_val, y_val)` (a list or a tuple, as Keras takes either), or None."""
    pair = call["validation_data"]
    if pair is None:
        return None
    parts = [*pair, *([call["validation_extra"]] if call.get("validation_extra") else [])]
    return Code(f"({', '.join(parts)})")


def settings(call: dict) -> dict:
    """The fit call's settings, by the names of fit_knobs()."""
    names = ("epochs", "batch_size", "validation_split", "shuffle", "steps_per_epoch", "validation_steps",
             "validation_freq", "initial_epoch")
    got = {**{n: call[n] for n in names if n in call}, "validation_data": validation_code(call)}
    # The steps fit counts itself, written out (steps_per_epoch=30 for 15,000 rows in batches of 512): the same call.
    if _whole(got.get("steps_per_epoch"), call.get("rows"), call.get("batch_size")):
        got["steps_per_epoch"] = None
    validation_batch = call.get("validation_batch_size") or call.get("batch_size")
    if _whole(got.get("validation_steps"), call.get("validation_rows"), validation_batch):
        got["validation_steps"] = None
    return got


def stoppers(call: dict) -> list:
    """The EarlyStopping callbacks of a call, as described (their settings)."""
    return [c for c in call["callbacks"] if str(c.get("type", "")).endswith(".EarlyStopping")]


def stopper_code(stop: dict) -> str:
    """An EarlyStopping as it reads in code, its settings that are not Keras's defaults in signature order."""
    said = [f"{k}={stop.get(k)!r}" for k, default in STOPPING_DEFAULTS.items()
            if k in stop and not _same(stop.get(k), default)]
    return f"{EARLY_STOPPING}({', '.join(said)})"


def _same(a, b) -> bool:
    if is_number(a) and is_number(b) and not isinstance(a, bool) and not isinstance(b, bool):
        return float(a) == float(b)
    return a == b


def describe_call(call: dict) -> str:
    """The fit call as it reads: the data by name, then every setting that is not fit's default."""
    parts = [call["x"], call["y"], f"epochs={call['epochs']!r}", f"batch_size={call['batch_size']!r}"]
    code = validation_code(call)
    if code is not None:
        parts.append(f"validation_data={code}")
    defaults = {"validation_split": 0, "shuffle": True, "steps_per_epoch": None, "validation_steps": None,
                "validation_freq": 1, "initial_epoch": 0}
    parts += [f"{k}={call[k]!r}" for k, v in defaults.items() if k in call and not _same(call[k], v)]
    if call["callbacks"]:
        said = [stopper_code(c) if c in stoppers(call) else str(c.get("type", "?")).rsplit(".", 1)[-1] + "(...)"
                for c in call["callbacks"]]
        parts.append(f"callbacks=[{', '.join(said)}]")
    return f"model.fit({', '.join(parts)})"


def check_data(call: dict, expected_call: str) -> None:
    """Fail with the message of the first thing wrong with the data of one fit call (the arrays themselves; how
    the validation data is given is a knob of the call, settings())."""
    x, y = call["x"], call["y"]
    if x == "test_data":
        fail("train.on_test_set", got=f"model.fit({x}, {y}, ...)", expected=expected_call)
    if x == "train_data":
        fail("train.full_train_set", got=f"model.fit({x}, {y}, ...)", expected=expected_call)
    if x != "partial_x_train":
        fail("train.train_data", got=f"x = {x}", expected="x = partial_x_train (15,000 reviews, shape (15000, 256))")
    if y != "partial_y_train":
        fail("train.labels", got=f"y = {y}", expected="y = partial_y_train")
    pair = call["validation_data"]
    if pair is None:
        return
    if "test_data" in pair or "test_labels" in pair:
        fail("train.validation_on_test", got=f"validation_data=({pair[0]}, {pair[1]})",
             expected="validation_data=(x_val, y_val)")
    if any(name.startswith("other") or not name for name in pair):  # not data the kata knows: said as it is
        fail("train.validation_data", got=f"validation_data=({pair[0]}, {pair[1]})",
             expected="validation_data=(x_val, y_val)")


def stored_already(key) -> bool:
    """Whether the learner processes have stored the training of this fit key (their fit then reads it, and no
    epoch is shown): for the word said before it, never for a verdict."""
    import re

    from kata.shared import cache, training

    if not isinstance(key, str) or not re.fullmatch(r"fit-[0-9a-f]{32}", key):  # what the learner process sent
        return False
    return training.stored(key, cache.folder("learner")) is not None


def returns_nothing(node) -> bool:
    """The function can only return None: no `return <value>` outside nested functions, no yield, no decorator."""
    if node is None or not isinstance(node, ast.FunctionDef) or node.decorator_list:
        return False

    def walk(n):
        for child in ast.iter_child_nodes(n):
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)):
                continue
            if isinstance(child, (ast.Yield, ast.YieldFrom)) or (isinstance(child, ast.Return) and child.value is not None):
                return True
            if walk(child):
                return True
        return False

    return not walk(node)


# --- an EarlyStopping over the judge's own training -------------------------------------------------------

def stopping(curves: dict, stop: dict, epochs: int) -> dict | None:
    """What an EarlyStopping with the settings `stop` does to a training whose History is `curves` (the judge's
    own training of the same model: a training that stops is that training's first epochs), Keras's rules
    (keras.callbacks.EarlyStopping) followed step by step:

    {"ran": epochs trained, "kept": the epoch (1-based) whose weights the model ends with, "stopped": whether
    the callback ended the training, "beyond": it trains past the curves without stopping (then "kept" is None:
    not known here)}; None when Keras cannot tell which way the monitored value improves (it then raises)."""
    stop = {**STOPPING_DEFAULTS, **{k: v for k, v in stop.items() if v is not None or k == "baseline"}}
    watch = _Watch.of(stop)
    if watch is None:
        return None
    values = curves.get(stop.get("monitor"))  # None: nothing to watch, Keras warns and the training runs on
    length = len(values) if values is not None else len(next(iter(curves.values()), []))
    for epoch in range(epochs):
        if epoch >= length:
            return {"ran": epochs, "kept": None, "stopped": False, "beyond": True}
        if values is not None and epoch >= watch.start and watch.stops(epoch, float(values[epoch])):
            return {"ran": epoch + 1, "kept": watch.kept_or(epoch + 1), "stopped": True, "beyond": False}
    return {"ran": epochs, "kept": watch.kept_or(epochs), "stopped": False, "beyond": False}


class _Watch:
    """An EarlyStopping's state through a training (keras.callbacks.EarlyStopping.on_epoch_end, as data)."""

    def __init__(self, minimize: bool, delta: float, patience: float, start: int, baseline, restore: bool):
        self.minimize, self.patience, self.start, self.baseline, self.restore = minimize, patience, start, baseline, restore
        self.signed = -delta if minimize else delta  # Keras turns min_delta's sign to the direction of better
        self.best: float | None = None
        self.kept: int | None = None  # the epoch (0-based) of the weights the callback holds
        self.wait = 0

    @classmethod
    def of(cls, stop: dict):
        mode = stop.get("mode") if stop.get("mode") in ("min", "max") else "auto"  # an unknown mode is auto
        if mode == "auto":
            name = str(stop.get("monitor")).removeprefix("val_")
            if name not in ("loss", "accuracy"):
                return None
            mode = "min" if name == "loss" else "max"
        try:
            baseline = None if stop.get("baseline") is None else float(stop["baseline"])
            return cls(mode == "min", abs(float(stop.get("min_delta") or 0)), float(stop.get("patience") or 0),
                       int(stop.get("start_from_epoch") or 0), baseline, bool(stop.get("restore_best_weights")))
        except (TypeError, ValueError):
            return None

    def better(self, current: float, reference) -> bool:
        if reference is None:
            return True
        moved, reference = np.float32(current - self.signed), np.float32(reference)  # Keras compares in float32
        return bool(moved < reference) if self.minimize else bool(moved > reference)

    def stops(self, epoch: int, current: float) -> bool:
        """Whether the callback stops the training at the end of this epoch (0-based)."""
        if self.restore and self.kept is None:
            self.kept = epoch
        self.wait += 1
        if self.better(current, self.best):
            self.best = current
            self.kept = epoch if self.restore else self.kept
            if self.baseline is None or self.better(current, self.baseline):
                self.wait = 0
            return False
        return self.wait >= self.patience and epoch > 0

    def kept_or(self, last: int) -> int:
        """The epoch (1-based) whose weights the model ends with: the best one restored, else the last."""
        return self.kept + 1 if self.restore and self.kept is not None else last


# --- the training ---------------------------------------------------------------------------------------------

def train_once(learner, ref, function: str, judge, on_fit, step: str = "train") -> dict:
    """Run the learner's `function(model, partial_x_train, partial_y_train, x_val, y_val)` with a fresh post
    model (seeded with the run's seed) that reports each `fit` call before it runs. A second call fails at once;
    `judge(summary)` fails wrong settings before any training; `on_fit(arguments, call)` may say a word on the
    terminal; the learner process trains as written. Returns what the checks read: the calls (as reported: they
    name a mistake, never prove a pass), what the function returned, the History (the returned one, else the
    model's own), the judge's evaluation of the weights, and `epoch`: the epoch of the judge's own post training
    whose weights the learner's model ended with (None: no epoch of it), established by the judge itself.
    step: the step whose messages say it (`train`, `stop`)."""
    from kata.judge.checking import PostModel
    from kata.judge.views import HistoryView

    calls: list[dict] = []

    def on_event(name, data, call):
        if name != "fit":
            return None
        summary = summarize(data, ref)
        if calls:  # stop before a second training starts
            fail(f"{step}.fit_twice", got=f"{describe_call(calls[0])}, then {describe_call(summary)}",
                 expected="one model.fit call", first=calls[0]["epochs"], second=summary["epochs"])
        judge(summary)  # wrong settings stop here, before any training
        calls.append(summary)
        return on_fit(data, call)

    (partial_x_train, partial_y_train), (x_val, y_val) = ref.split()
    result = learner.run(function, [PostModel(spy=True), partial_x_train, partial_y_train, x_val, y_val],
                         on_event=on_event, keep=[0], models="file")  # the weights as data: no Keras here
    model, returned = result.args.get(0), result.value
    own = result.histories.get(0)  # model.history: the History of the model's last fit
    history = returned.history if isinstance(returned, HistoryView) and isinstance(returned.history, dict) else \
        own.history if own is not None and isinstance(own.history, dict) else None
    evaluation = ref.evaluate_weights(model, x_val, y_val) if model is not None and calls else None
    weights = ref.weights_of(model) if evaluation is not None and not evaluation.get("error") else None
    epoch = ref.matching_epoch(weights) if weights is not None else None
    return {"calls": calls, "returned": returned, "history": history, "own": own, "evaluation": evaluation,
            "epoch": epoch}


def history_agrees(history, epochs: int, record: dict, tolerance: float = 2e-3) -> bool:
    """Whether a History's numbers are the judge's own training's for its first `epochs` epochs (every curve)."""
    if not isinstance(history, dict):
        return False
    for key, values in (record.get("history") or {}).items():
        got = history.get(key)
        if not isinstance(got, (list, tuple)) or len(got) != epochs:
            return False
        if not all(is_number(a) and abs(float(a) - float(b)) <= tolerance for a, b in zip(got, values[:epochs])):
            return False
    return True
