"""The learner's language, decided once for every tool (kata.i18n, and the version gate that runs before it):
KATA_LANG (`en` or `pt_BR`), else the POSIX locale variables in their order of precedence, the first one set
deciding (`pt*` is Portuguese; anything else, `C` included, English). Imports nothing: any Python 3 reads it."""

import os


def lang() -> str:
    chosen = os.environ.get("KATA_LANG", "")
    if not chosen:
        chosen = next((os.environ[v] for v in ("LC_ALL", "LC_MESSAGES", "LANG") if os.environ.get(v)), "")
    return "pt_BR" if chosen.lower().replace("-", "_").startswith("pt") else "en"
