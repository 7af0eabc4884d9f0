"""TensorFlow's own log lines (its C++ logs, its notes on CPU features and drivers): not the learner's. The
terminal's relay of a learner process's output leaves them out (kata.judge.relay), and so does a notebook's
kernel (kata.notebook.quiet); VERBOSE=1 keeps them."""

from __future__ import annotations

import re

NOISE = re.compile(rb"^(?:WARNING: All log messages before absl::InitializeLog|[IWEF]\d{4} [\d:.]+ +\d+ \S+:\d+\]"
                   rb"|=== Source Location Trace: ===|\S+\.(?:cc|h):\d+$"
                   rb"|.*oneDNN custom operations are on|.*This TensorFlow binary is optimized|.*To enable the following "
                   rb"instructions|.*Unable to register cu(?:DNN|FFT|BLAS) factory|.*computation placer already registered"
                   rb"|.*TF-TRT Warning|.*Could not find cuda drivers)")
