"""The kernel's side of a notebook check: the checking process (kata.notebook.process) started from the kata's
folder, its output streamed into the cell, its verdict read back as JSON; the notebook's stop button ends it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from kata.manifest import ROOT

def stream(argv: list[str]) -> tuple[int | None, str]:
    """Run `python <argv>` from the kata's folder, its output streamed into the cell; (exit code or None when
    interrupted, the tail of its error output)."""
    env = {**os.environ, "PYTHONIOENCODING": "utf-8", "PYTHONUNBUFFERED": "1"}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    env.pop("MPLBACKEND", None)  # the kernel's inline backend means nothing to the checks
    with tempfile.TemporaryFile() as err:
        proc = subprocess.Popen([sys.executable, *argv], cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=err,
                                stdin=subprocess.DEVNULL, start_new_session=os.name == "posix")
        import codecs

        decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
        try:
            while True:
                data = os.read(proc.stdout.fileno(), 1 << 14)
                if not data:
                    break
                sys.stdout.write(decoder.decode(data))
                sys.stdout.flush()
            code = proc.wait()
        except KeyboardInterrupt:  # the notebook's stop button: end the checks and what they started
            stop(proc)
            return None, ""
        finally:
            proc.stdout.close()
        err.seek(0)
        lines = [line for line in err.read().decode("utf-8", "replace").splitlines() if line.strip()]
    return code, " | ".join(lines[-3:])[-400:]


def run_for_result(argv: list, positional=()) -> tuple:
    """`python -m kata.notebook <argv> --result FILE <positional>`, its output streamed here: (its exit code,
    or None when interrupted; the tail of what it printed; the JSON it left in FILE, or None)."""
    with tempfile.TemporaryDirectory(prefix="kata-nb-") as tmp:
        result_file = Path(tmp) / "result.json"
        rest = ["--", *positional] if positional else []  # texts that start with "-" are texts too
        code, tail = stream(["-m", "kata.notebook", *argv, "--result", str(result_file), *rest])
        try:
            result = json.loads(result_file.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            result = None
    return code, tail, result


def stop(proc) -> None:
    import signal

    try:
        if os.name == "posix":
            os.killpg(proc.pid, signal.SIGTERM)
        else:
            proc.terminate()
        proc.wait(timeout=10)
    except (OSError, subprocess.TimeoutExpired):
        proc.kill()
        proc.wait()
