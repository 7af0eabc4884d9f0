"""The step manifest (`kata/steps.toml`): the one list of steps that everything else reads."""

from __future__ import annotations

import os
try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10: the same parser, from PyPI (pyproject: tomli on 3.10)
    import tomli as tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Mark:
    """A named bar beyond a step's pass, on a number its checks measure (a `seen` value, such as step 14's test
    accuracy): reached when the step is done and the number is at least `at`. Shown to the learner, reported to
    the instructor; `extra` points count outside the step's points (max_score stays the same)."""

    measure: str
    at: float
    extra: float = 0

    def reached_by(self, value) -> bool:
        return isinstance(value, (int, float)) and not isinstance(value, bool) and float(value) >= self.at


@dataclass(frozen=True)
class Step:
    number: int
    name: str
    title: dict
    section: str
    points: int
    timeout: int
    marks: tuple[Mark, ...] = ()

    def __hash__(self):  # a step is its number (its title is a dict, which has no hash)
        return hash(self.number)

    @property
    def slug(self) -> str:
        """`04_pad`: the stem shared by the exercise, solution, test and hint files."""
        return f"{self.number:02d}_{self.name}"

    def exercise(self, root: Path = ROOT) -> Path:
        return root / "exercises" / f"{self.slug}.py"

    def solution(self, root: Path = ROOT) -> Path:
        return root / "solutions" / f"{self.slug}.py"

    def test(self, root: Path = ROOT) -> Path:
        return root / "tests" / f"test_{self.slug}.py"

    def hint(self, lang: str, root: Path = ROOT) -> Path:
        return root / "hints" / lang / f"{self.slug}.md"

    def title_in(self, lang: str) -> str:
        return self.title.get(lang) or self.title["en"]

    @property
    def stub_digest(self) -> str | None:
        """sha256 of the step's original stub, as kata/stubs.sha256 records it."""
        return stub_digests().get(self.exercise().relative_to(ROOT).as_posix())


@lru_cache(maxsize=None)
def steps() -> tuple[Step, ...]:
    with open(Path(__file__).with_name("steps.toml"), "rb") as f:
        raw = tomllib.load(f)["step"]
    return tuple(
        Step(number=i, name=s["name"], title=s["title"], section=s["section"], points=s["points"], timeout=s["timeout"],
             marks=tuple(Mark(m["measure"], float(m["at"]), float(m.get("extra", 0))) for m in s.get("marks", ())))
        for i, s in enumerate(raw, start=1)
    )


def marks_of(s: Step, seen: dict, done: bool) -> list[dict]:
    """Step s's marks as reported ({measure, at, extra, value, reached}): a mark is reached only when the step is
    done (every check passed) and its measure, as the checks counted it, is at least `at`."""
    out = []
    for mark in s.marks:
        value = (seen or {}).get(mark.measure)
        number = float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None
        out.append({"step": s.number, "measure": mark.measure, "at": mark.at, "extra": mark.extra,
                    "value": None if number is None else round(number, 4), "reached": done and mark.reached_by(number)})
    return out


STUBS = Path(__file__).with_name("stubs.sha256")


@lru_cache(maxsize=None)
def stub_digests() -> dict[str, str]:
    """exercise path -> sha256 of its original stub, as kata/stubs.sha256 records them."""
    lines = STUBS.read_text(encoding="utf-8").splitlines() if STUBS.exists() else []
    return {path: digest for digest, path in (line.split() for line in lines if line.strip())}


def step(ref) -> Step:
    """A step by number (1, "1"), name ("pad") or slug ("04_pad")."""
    text = str(ref).strip()
    for s in steps():
        if text in (str(s.number), s.name, s.slug, f"{s.number:02d}"):
            return s
    names = ", ".join(f"{s.number}={s.name}" for s in steps())
    raise KeyError(f"No step {ref!r}. Steps: {names}")


def timeout_scale(env=None) -> float:
    """KATA_TIMEOUT_SCALE: a factor for every step's time limit (default 1; the self-tests shorten limits with
    it, a batch of JOBS copies at once lengthens them). env: a run's own variables, before this process's."""
    try:
        return float((env or {}).get("KATA_TIMEOUT_SCALE") or os.environ.get("KATA_TIMEOUT_SCALE") or 1)
    except ValueError:
        return 1.0


def time_limit(s: Step, env=None) -> float:
    """Seconds one check of step s may take: its `timeout` in steps.toml times KATA_TIMEOUT_SCALE."""
    return s.timeout * timeout_scale(env)


def target_folder(target: str) -> Path:
    """Whose code the checks run: `exercises` (the learner's, default), `solutions`, or any folder with the same
    file names."""
    if target in ("exercises", "solutions"):
        return ROOT / target
    return Path(target).resolve()


def step_of_file(path) -> Step | None:
    """The step a check file belongs to: `test_04_pad.py`, or an instructor's `test_04_pad_<more>.py` (hidden checks)."""
    stem = Path(path).stem.removeprefix("test_")
    for s in steps():
        if stem == s.slug or stem.startswith(s.slug + "_"):
            return s
    return None
