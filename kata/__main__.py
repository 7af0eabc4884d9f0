import os
import sys

from kata.cli import main

try:
    sys.exit(main())
except KeyboardInterrupt:  # Ctrl+C (e.g. leaving `make watch`): no traceback
    sys.exit(130)
except BrokenPipeError:  # output piped into `head` and cut short
    os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    sys.exit(1)
