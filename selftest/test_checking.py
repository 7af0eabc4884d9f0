"""Check helpers: an untouched stub is recognised without running it; a started function is not."""

import importlib.util

from kata.checking import _is_stub

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


def test_untouched_stubs_are_recognised(tmp_path):
    path = tmp_path / "mod.py"
    path.write_text(SOURCE)
    spec = importlib.util.spec_from_file_location("kata_stub_probe", path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    assert [_is_stub(f) for f in (mod.stub, mod.stub_with_message, mod.started, mod.done)] == [True, True, False, False]


def test_an_untouched_stub_file_is_not_even_imported(tmp_path):
    """The original stub (kata/stubs.sha256) is "not started" without running it (its imports cost seconds);
    a file that differs by one comment is imported and judged as usual."""
    import pytest

    from kata.checking import Learner
    from kata.feedback import Feedback
    from kata.manifest import ROOT, step

    pad = step("pad")
    learner = Learner(pad, ROOT / "exercises")
    before = set(Learner._loaded)
    with pytest.raises(Feedback) as untouched:
        learner.function("pad_reviews")
    assert untouched.value.kind == "not_started" and set(Learner._loaded) == before, "the stub was imported"

    (tmp_path / pad.exercise().name).write_text(pad.exercise().read_text() + "# started\n")
    edited = Learner(pad, tmp_path)
    with pytest.raises(Feedback) as started:
        edited.function("pad_reviews")
    assert started.value.kind == "not_started" and set(Learner._loaded) != before, "an edited file must be imported"
    with pytest.raises(Feedback) as missing:
        learner.function("no_such_function")
    assert missing.value.values.get("function") == "no_such_function" and "missing" in missing.value.key
