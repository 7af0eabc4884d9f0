"""What the checks of a training step (8, 12) read from a `model.fit` call, as the learner process reported
it before the training ran: which data, which settings, which callbacks. Wrong data stops a check before
any training, with step 8's messages (`train.*`), the same for every training step."""

from __future__ import annotations

import ast

from kata.judge.checking import fail, is_number, show


def plain(value):
    """A JSON-able picture of a fit argument (numbers stay numbers)."""
    if isinstance(value, (bool, str, type(None))):
        return value
    if is_number(value) and float(value) == int(float(value)):
        return int(float(value))
    if is_number(value):
        return float(value)
    return show(value)


def summarize(arguments: dict, ref) -> dict:
    """What the checks need to know about one `fit` call."""
    validation = arguments.get("validation_data")
    if validation is None:
        pair = None
    elif isinstance(validation, (tuple, list)) and len(validation) >= 2:
        pair = [ref.which(validation[0]), ref.which(validation[1])]
    else:
        pair = [ref.which(validation), ""]
    callbacks = arguments.get("callbacks")
    return {
        "x": ref.which(arguments.get("x")),
        "y": ref.which(arguments.get("y")),
        "epochs": plain(arguments.get("epochs")),
        "batch_size": plain(arguments.get("batch_size")),
        "validation_data": pair,
        "validation_split": plain(arguments.get("validation_split") or 0),
        "callbacks": [c for c in callbacks if isinstance(c, dict)] if isinstance(callbacks, list) else [],
    }


def check_data(call: dict, expected_call: str) -> None:
    """Fail with the message of the first thing wrong with the data of one fit call."""
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
        if call["validation_split"]:
            fail("train.validation_split", got=f"validation_split={call['validation_split']}",
                 expected="validation_data=(x_val, y_val)")
        fail("train.no_validation", got="no validation_data", expected="validation_data=(x_val, y_val)")
    if "test_data" in pair or "test_labels" in pair:
        fail("train.validation_on_test", got=f"validation_data=({pair[0]}, {pair[1]})",
             expected="validation_data=(x_val, y_val)")
    if pair != ["x_val", "y_val"]:
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


def train_once(learner, ref, function: str, judge, on_fit) -> dict:
    """Run the learner's `function(model, partial_x_train, partial_y_train, x_val, y_val)` with a fresh post
    model that reports each `fit` call before it runs. A second call fails at once; `judge(summary)` fails
    wrong settings before any training; `on_fit(arguments, call)` gives the learner process its answer
    (train, or load a stored training). Returns what the checks read: the calls, what the function returned,
    the History (the returned one, else the model's own), and the judge's evaluation of the weights."""
    from kata.judge.checking import PostModel
    from kata.judge.views import HistoryView

    calls: list[dict] = []

    def on_event(name, data, call):
        if name != "fit":
            return None
        if calls:  # stop before a second training starts
            fail("fit_twice", got=f"model.fit called {len(calls) + 1} times", expected="model.fit called once")
        summary = summarize(data, ref)
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
    return {"calls": calls, "returned": returned, "history": history, "own": own, "evaluation": evaluation}
