"""`python -m kata dev <tool>`: the kata's maintainers' tools (never needed by a learner or an instructor).

    stubs       record kata/stubs.sha256 from the exercises as they are (after editing a stub)
    notebooks   write notebooks/kata.ipynb and notebooks/colab.ipynb from the manifest and the stubs
    settings    print README's table of KATA_* settings (--lang pt_BR for README.pt-BR.md)
    bench       measure the speed figures (make bench)
    shards      measure a class graded in shards: prepare, one run, two shards merged (docs/grading.md)
    matrix      the learner's path on every supported Python found here (make test-matrix)
    next        the learner's path on the newest TensorFlow pre-release (make test-next)
"""

from __future__ import annotations

import argparse
import importlib
import sys

TOOLS = {"stubs": "kata.dev.stubs", "notebooks": "kata.dev.notebooks", "settings": "kata.dev.settings_table",
         "bench": "kata.dev.bench", "shards": "kata.dev.shards", "matrix": "kata.dev.matrix", "next": "kata.dev.matrix"}


def main(argv=None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = argparse.ArgumentParser(prog="python -m kata dev", description=__doc__.split("\n\n")[0],
                                     epilog=__doc__.split("\n\n", 1)[1],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("tool", choices=sorted(TOOLS))
    if not argv or argv[0] in ("-h", "--help"):
        parser.print_help()
        return 0 if argv else 2
    args, rest = parser.parse_known_args(argv[:1])
    module = importlib.import_module(TOOLS[args.tool])
    return module.main(["--next", *argv[1:]] if args.tool == "next" else argv[1:])
