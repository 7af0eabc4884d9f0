"""`python -m kata.notebook run-check|run-try`: the notebooks' checking process (kata.notebook.process)."""

import sys

from kata.notebook.process import main

sys.exit(main())
