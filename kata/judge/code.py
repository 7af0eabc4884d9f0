"""The learner's code for one step, as the judge sees it: read as text (is it there, does it parse, is it the
untouched stub, what does it import), and run in learner processes (`call`, `run`) whose results come back as
data (kata.shared.codec) and are read by the judge's own hooks (kata.judge.views)."""

from __future__ import annotations

import ast
import os
from pathlib import Path

from kata.judge import calls, known, verdicts, views
from kata.judge import stored as kept_calls
from kata.judge.feedback import Feedback, KataFault
from kata.judge.inputs import Call, Input, Result, SameAsArgument, big, events
from kata.judge.relay import Relay
from kata.judge.session import Session
from kata.judge.supervisors import SupervisorError
from kata.judge.verdicts import default_limits
from kata.manifest import ROOT, Step, time_limit
from kata.shared import codec, digest, framing
from kata.shared.source import is_stub_def

# Libraries a learner's file may import that the learner process imports ahead (never the learner's own files).
PREIMPORT = ("numpy", "kata.datasets.imdb", "tensorflow", "keras", "matplotlib", "matplotlib.pyplot")


class Learner:
    """The learner's code for one step: checked statically here, run in learner processes.

    overrides: further files whose functions replace the module's (the project's own tests use this
    to feed known-wrong answers to a check).
    """

    def __init__(self, step: Step, folder: Path, overrides=()):
        self.step = step
        self.path = Path(folder) / f"{step.slug}.py"
        self.overrides = [Path(p) for p in overrides]

    @property
    def files(self) -> list[Path]:
        return [self.path, *self.overrides]

    def digest(self) -> str:
        """A hash of the learner's code for this step: any edit changes it."""
        return digest.key(*[digest.of_file(p) or "<missing>" for p in self.files])

    def _rel(self, path: Path | None = None) -> str:
        path = path or self.path
        try:
            return str(path.resolve().relative_to(ROOT))
        except ValueError:
            return str(path)

    _parsed: dict = {}  # (path, mtime, size) -> its AST: a file is parsed once while it is unchanged

    def _trees(self) -> list[tuple[Path, ast.Module]]:
        out = []
        for path in self.files:
            if not path.is_file():
                raise Feedback("broken", "generic.missing_file", file=self._rel(path))
            try:
                info = path.stat()
                known = Learner._parsed.get((str(path), info.st_mtime_ns, info.st_size))
                if known is not None:
                    out.append((path, known))
                    continue
                source = path.read_bytes()
            except OSError as exc:
                raise Feedback("broken", "generic.unreadable_file", file=self._rel(path), error=str(exc)[:200]) from None
            self._utf8(path, source)
            try:
                tree = ast.parse(source, filename=str(path))
                if len(Learner._parsed) > 512:
                    Learner._parsed.clear()
                Learner._parsed[(str(path), info.st_mtime_ns, info.st_size)] = tree
                out.append((path, tree))
            except SyntaxError as exc:
                raise Feedback("broken", "generic.syntax_error", file=self._rel(path), line=exc.lineno,
                               code=(exc.text or "").strip(), error=exc.msg) from None
            except (ValueError, UnicodeDecodeError) as exc:
                raise Feedback("broken", "generic.syntax_error", file=self._rel(path), line="?", code="",
                               error=str(exc)[:200]) from None
        return out

    def _utf8(self, path: Path, source: bytes) -> None:
        """A file Python reads as UTF-8 (its default): a byte that is not UTF-8 is named, with its line."""
        try:
            source.decode("utf-8")
        except UnicodeDecodeError as exc:
            if source[:200].lstrip().startswith(b"#") and b"coding" in source[:200]:
                return  # a declared encoding (PEP 263): Python reads it that way
            line = source[: exc.start].count(b"\n") + 1
            raise Feedback("broken", "generic.not_utf8", file=self._rel(path), line=line,
                           byte=f"0x{source[exc.start]:02x}") from None

    def untouched(self) -> bool:
        """True when the file is the original stub, byte for byte (kata/stubs.sha256)."""
        if self.overrides or not self.path.exists() or self.step.stub_digest is None:
            return False
        return digest.of_file(self.path) == self.step.stub_digest

    def definition(self, name: str):
        """The function's last top-level definition in the learner's files (AST), or None."""
        found = None
        for _, tree in self._trees():
            for node in tree.body:
                if getattr(node, "name", None) == name:
                    found = node
        return found

    def function(self, name: str):
        """Checked without running anything: the file exists and parses, and name is not an untouched stub.
        Call it before costly set-up: an untouched stub is "not started" at once."""
        if self.untouched():
            raise Feedback("not_started", "generic.not_started", function=name, file=self._rel())
        node = self.definition(name)
        if node is not None and is_stub_def(node):
            raise Feedback("not_started", "generic.not_started", function=name, file=self._rel())
        return node

    def imports(self) -> list[str]:
        """The libraries the learner's files import, among those the learner process may import ahead."""
        wanted: set[str] = set()
        for _, tree in self._trees():
            for node in ast.walk(tree):
                if isinstance(node, ast.Import):
                    names = [a.name for a in node.names]
                elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                    names = [node.module, *(f"{node.module}.{a.name}" for a in node.names)]
                else:
                    continue
                for full in names:
                    wanted.update(c for c in PREIMPORT if full == c or full.startswith(c + "."))
        if "keras" in wanted:
            wanted.add("tensorflow")
        return [m for m in PREIMPORT if m in wanted]

    def call(self, name: str, *args, **kwargs):
        """Call the learner's function in a learner process; its return value, as data (or Feedback)."""
        return self.run(name, args, kwargs).value

    def run(self, name: str, args=(), kwargs=None, *, on_event=None, keep=(), limits: dict | None = None,
            models: str = "keras", data_dir: Path | None = None, stored: bool = False) -> Result:
        """Like call, and more: on_event(name, data, call) hears of model.fit/evaluate calls (it may answer,
        or raise Feedback to stop the process); keep: the indices of arguments to send back after the call;
        models="file": Keras models come back as views.ModelFile (read without importing Keras);
        data_dir: the IMDB folder the learner process sees instead of KATA_DATA_DIR: its own supervisor and call
        folders, apart from the other calls' files; in the strict sandbox it reads nothing else (no Keras
        download folder, no shared inputs); stored: in `make check`, a call made before with the same code, inputs
        and versions gives its stored result (kata.judge.stored: a long training is not done again)."""
        self.function(name)
        session = Session.get()
        call_dir, out_dir = session.new_call(private=data_dir is not None)
        modules = set(self.imports())
        inputs: list[str] = []

        def judge_inputs(value, box, enc):
            if isinstance(value, Input):
                modules.update(value.modules)
                return value.node(call_dir)
            if big(value) and data_dir is None:  # a private call gets its inputs in its own folder
                folder = session.input_folder(value)
                inputs.append(folder)
                return {"$t": "input", "kind": "memo", "folder": folder}
            return None

        try:
            tree = codec.encode({"args": list(args), "kwargs": dict(kwargs or {})}, codec.Box(call_dir, "a"),
                                   hooks=[judge_inputs])
            framing.write_json(call_dir / "args.json", tree)
        except OSError as exc:
            raise KataFault(f"could not write the call's inputs ({exc})") from None
        spec = {"files": [str(p.resolve()) for p in self.files], "root": str(ROOT), "cwd": str(ROOT), "function": name,
                "call_dir": str(call_dir), "out_dir": str(out_dir), "keep_args": [int(i) for i in keep],
                "inputs": inputs, "known": known.known_digests()}
        if os.environ.get("KATA_SANDBOX_EXERCISES"):  # a copy graded in the strict sandbox: its own folder
            spec["cwd"] = str(Path(os.environ["KATA_SANDBOX_EXERCISES"]).parent)
        wall = time_limit(self.step)
        all_limits = {**default_limits(wall), **(limits or {})}
        kept_as = kept_calls.key(self, name, call_dir, inputs, all_limits, models, data_dir) \
            if stored and kept_calls.ENABLED else None
        found = kept_calls.read(kept_as) if kept_as else None
        if found is not None:
            _note(session.live, "stored_call", function=name)
            return self._decode(calls.Outcome(out_dir=found[0], seconds=found[1]["seconds"]), keep, found[1]["output"],
                                models)
        relay = Relay(live=session.live, filter_noise=not os.environ.get("KATA_VERBOSE"),
                             color=_color(session.live), max_bytes=all_limits["output_bytes"])
        try:
            env = {"KATA_DATA_DIR": str(data_dir), "KATA_SANDBOX_PRIVATE": "1"} if data_dir else None
            sup = session.supervisor_for([m for m in PREIMPORT if m in modules], env=env)
            outcome = calls.run_call(sup, spec, all_limits, events(on_event, Call(call_dir)), relay)
        except SupervisorError as exc:
            raise KataFault(str(exc)) from None
        result = self._verdict(name, outcome, all_limits, keep, models, out_dir)
        if kept_as and outcome.out_dir is not None:
            kept_calls.write(kept_as, outcome.out_dir, result.output, result.seconds)
        return result

    def _verdict(self, name, outcome: calls.Outcome, limits: dict, keep, models="keras", out_dir=None) -> Result:
        if outcome.stopped_by is not None:
            raise outcome.stopped_by
        result, ended = outcome.result, outcome.ended or {}
        output = outcome.relay.text() if outcome.relay else ""
        status = (result or {}).get("status")
        if status == "returned":
            return self._decode(outcome, keep, output, models)
        if out_dir is not None and verdicts.short_of_room(result, out_dir, limits):  # the OS says so, not the learner
            raise KataFault(f"the disk is too full where the learner's calls write ({out_dir.parent})")
        if result is not None and status is not None:
            raise verdicts.from_result(name, result, self._rel())
        raise verdicts.from_end(ended, limits)

    def _decode(self, outcome, keep, output, models="keras") -> Result:
        box = codec.Box(outcome.out_dir)
        try:
            tree = framing.read_json(outcome.out_dir / "result.json")
            if type(tree) is not dict:
                raise codec.CodecError("not a result")
            hooks = views.hooks(models)
            kept, histories = {}, {}
            sent = tree.get("args") or {}
            same = {}
            for i in range(64):
                key = f"arg{i}"
                if key in sent and i in keep:
                    kept[i] = codec.decode(sent[key], box, hooks)
                    same[key] = kept[i]
                    if f"{key}.history" in sent:
                        histories[i] = codec.decode(sent[f"{key}.history"], box, hooks)
                else:
                    same[key] = SameAsArgument(i)
            value = codec.decode(tree.get("value"), box, hooks, same=same)
        except codec.CodecError as exc:
            raise Feedback("crashed", "generic.unreadable", reason=str(exc)[:200]) from None
        except OSError as exc:
            raise KataFault(f"could not read what the learner process sent ({exc})") from None
        return Result(value, kept, histories, output, outcome.seconds)


def _note(stream, key: str, **values) -> None:
    """A word on the learner's terminal (`live.<key>`), as the checks' own notes."""
    from kata.i18n import t

    if stream is not None:
        try:
            stream.write(f"  {t('live.' + key, **values)}\n".encode())
            stream.flush()
        except (OSError, ValueError):
            pass


def _color(stream) -> bool:
    """Colours and progress bars in the learner's live output: only when it ends on a terminal (the runner says so)."""
    return stream is not None and os.environ.get("KATA_LIVE_TTY") == "1" and not os.environ.get("NO_COLOR")
