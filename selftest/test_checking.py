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
