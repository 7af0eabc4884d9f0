"""Is this Python one the kata runs on? A sentence if not, never a traceback.

The supported range is stated once, in pyproject.toml (`requires-python = ">=3.10,<3.14"`): this gate, the
matrix of versions (make test-matrix) and README read it from there. Written for any Python 3: it runs before
the rest of the kata is imported (kata/__main__.py), and reads its sentence from
kata/messages/<lang>/platform.toml without a TOML library where there is none (3.10-).
"""

import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))


def _requires_python():
    """(lowest, highest) minor versions from pyproject.toml's requires-python (">=3.10,<3.14": 3.10 to 3.13)."""
    try:
        with open(os.path.join(os.path.dirname(HERE), "pyproject.toml"), encoding="utf-8") as f:
            spec = re.search(r'^requires-python\s*=\s*"([^"]+)"', f.read(), re.M).group(1)
        low = re.search(r">=\s*3\.(\d+)", spec).group(1)
        high = re.search(r"<\s*3\.(\d+)", spec).group(1)
        return (3, int(low)), (3, int(high) - 1)
    except (OSError, AttributeError, ValueError):  # an installed copy without its pyproject: the range as released
        return (3, 10), (3, 13)


LOWEST, HIGHEST = _requires_python()


def versions() -> list:
    """Every supported version, "3.10" ... "3.13"."""
    return ["3.%d" % minor for minor in range(LOWEST[1], HIGHEST[1] + 1)]


def version() -> str:
    return "%d.%d" % sys.version_info[:2]


def supported(info=None) -> bool:
    return LOWEST <= tuple((info or sys.version_info)[:2]) <= HIGHEST


def message(key: str, **values) -> str:
    """platform.<key> in the learner's language: through kata.i18n where it loads, else read directly."""
    try:
        from kata.i18n import t

        return t("platform." + key, **values)
    except Exception:  # Python 3.9-, or 3.10 without tomli: the line `key = "..."` of platform.toml
        from kata.lang import lang as chosen  # the one language rule (it imports nothing)

        for lang in (chosen(), "en"):
            try:
                with open(os.path.join(HERE, "messages", lang, "platform.toml"), encoding="utf-8") as f:
                    found = re.search(r'^%s = "((?:[^"\\]|\\.)*)"' % re.escape(key), f.read(), re.M)
            except OSError:
                continue
            if found:
                return found.group(1).replace('\\"', '"').format(**values)
        return key


def unsupported() -> str:
    """Why this Python cannot run the kata (too old, or newer than TensorFlow's releases)."""
    return message("too_old" if tuple(sys.version_info[:2]) < LOWEST else "too_new", version=version())


if __name__ == "__main__":  # make's first step: `python3 -m kata.pyversion` before the environment is made
    if not supported():
        print(unsupported(), file=sys.stderr)
        sys.exit(1)
