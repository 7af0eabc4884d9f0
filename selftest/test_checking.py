"""Check helpers: an untouched stub is recognised without running it; a started function is not."""

import ast

from kata.shared.source import is_stub_def

SOURCE = '''
def stub():
    """Docstring."""
    # TODO: write the code
    raise NotImplementedError


def stub_with_message():
    raise NotImplementedError("later")


def started():
    x = 1
    raise NotImplementedError


def done():
    return 1
'''


def test_untouched_stubs_are_recognised():
    defs = [node for node in ast.parse(SOURCE).body if isinstance(node, ast.FunctionDef)]
    assert [is_stub_def(d) for d in defs] == [True, True, False, False]


def test_an_untouched_stub_file_is_not_even_run(tmp_path):
    """The original stub (kata/stubs.sha256) is "not started" without a learner process (its imports cost
    seconds); a file that differs by one comment is run and judged as usual."""
    import pytest

    from kata.judge.checking import Learner
    from kata.judge.session import Session
    from kata.judge.feedback import Feedback
    from kata.manifest import ROOT, step

    pad = step("pad")
    learner = Learner(pad, ROOT / "exercises")
    before = Session.get().count
    with pytest.raises(Feedback) as untouched:
        learner.call("pad_reviews", [[1]], [[1]])
    assert untouched.value.kind == "not_started" and Session.get().count == before, "a learner process was started"

    (tmp_path / pad.exercise().name).write_text(pad.exercise().read_text().replace("    raise NotImplementedError",
                                                                                    "    x = 1\n    raise NotImplementedError"))
    edited = Learner(pad, tmp_path)
    with pytest.raises(Feedback) as started:
        edited.call("pad_reviews", [[1]], [[1]])
    assert started.value.kind == "not_started" and Session.get().count == before + 1, "an edited file must be run"
    (tmp_path / "02_explore.py").write_text("def something_else():\n    return 1\n")
    with pytest.raises(Feedback) as missing:
        Learner(step("explore"), tmp_path).call("explore", [], [])
    assert missing.value.key == "generic.missing_function" and missing.value.values.get("function") == "explore"
