"""`python -m kata <command>`: what the Makefile's targets run. `python -m kata --help` lists them."""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import shutil
import sys
import time
from pathlib import Path

from kata import i18n, show
from kata.i18n import t
from kata.manifest import ROOT, STUBS, step, steps, stub_digests

MARKS = {"done": "✔", "not_started": "·", "unknown": " ", "wrong": "✗", "crashed": "✗", "broken": "✗", "timeout": "✗"}
STATE_FILE = ROOT / ".kata" / "state.json"


def _state() -> dict:
    try:
        return json.loads(STATE_FILE.read_text())
    except (OSError, ValueError):
        return {}


def _save_state(state: dict) -> None:
    STATE_FILE.parent.mkdir(parents=True, exist_ok=True)
    STATE_FILE.write_text(json.dumps(state, indent=1))


def _bar(done: int, total: int, width: int = 11) -> str:
    filled = round(width * done / total)
    return f"[{'#' * filled}{'-' * (width - filled)}] {done}/{total}"


def render_step(r, lang) -> list[str]:
    """The few lines that explain one step's state."""
    total = len(steps())
    head = f"{t('ui.step', number=r.step.number, total=total)} · {r.step.title_in(lang)}: {t('ui.' + r.state)}"
    lines = [head]
    fail = r.first_failure
    if fail:
        lines += ["  " + line for line in fail["message"].splitlines()]
        if len(r.failures) > 1 and r.state != "not_started":
            more = len(r.failures) - 1
            lines.append("  " + t("ui.more_failures_one" if more == 1 else "ui.more_failures", count=more))
    return lines


def _terminal():
    """Where the learner's own output goes while the checks run: this terminal (binary, unbuffered)."""
    sys.stdout.flush()
    try:
        return os.fdopen(os.dup(sys.stdout.fileno()), "wb", buffering=0)
    except (OSError, ValueError, AttributeError):
        return None


def cmd_check(args, supervisor=None, spare=None, exchange=None) -> int:
    from kata.judge import runner

    lang = i18n.lang()
    only = [step(args.step)] if args.step else None
    live = _terminal()
    try:
        report = runner.run(target=args.target, only=only, stop=not args.step, live=live, supervisor=supervisor, spare=spare,
                            exchange=exchange)
    finally:
        if live is not None:
            live.close()
    if args.verbose:
        print(report.output)
    total = len(steps())
    if not only:
        marks = " ".join(f"{r.step.number}{MARKS[r.state]}" for r in report)
        print(f"IMDB kata {_bar(report.done(), total)}   {marks}")
    current = report.first_not_done()
    newly = [] if only else _newly_done(report, args.target)
    if not only:
        _remember_current(current.step if current else None)
    if current is None:
        if only:
            show.say(f"✔ {t('ui.step', number=only[0].number, total=total)} · {only[0].title_in(lang)}: {t('ui.done')}",
                     kind="done")
            _print_seen(report.results[only[0].number], lang)
        else:
            for r in newly:
                _print_seen(r, lang, heading=True)
            card = show.card_lines(report, lang)
            if card:
                print()
                show.say(t("ui.card_title"), *card)
            print()
            show.say(t("ui.all_done", total=total), kind="done")
            print(t("ui.explore_next"))
        return 0
    for r in newly:
        _print_seen(r, lang, heading=True)
    print()
    show.say(*render_step(current, lang), kind="not_started" if current.state == "not_started" else "wrong")
    print()
    levels = len(hints(current.step, lang))
    if current.state == "not_started":
        print(t("ui.next_start", file=f"exercises/{current.step.slug}.py"))
    level = min(_state().get("hints", {}).get(current.step.name, 0) + 1, levels)
    print(t("ui.next_hint", level=level, levels=levels, number=current.step.number))
    return 1


def cmd_list(args) -> int:
    from kata.judge import runner

    lang = i18n.lang()
    report = runner.run(target=args.target)
    print(f"{t('ui.list_header')} {_bar(report.done(), len(steps()))}")
    for r in report:
        print(f" {MARKS[r.state]} {r.step.number:>2}. {r.step.title_in(lang):<42} {t('ui.' + r.state)}")
    return 0


def hints(s, lang) -> list[str]:
    """The step's hints, from the most gentle to a near-solution: `## ` headings split the levels."""
    path = s.hint(lang)
    if not path.exists():
        path = s.hint("en")
    text = path.read_text(encoding="utf-8")
    return [part.strip() for part in re.split(r"^## .*$", text, flags=re.M)[1:] if part.strip()]


def _exercise_digests() -> dict:
    out = {}
    for s in steps():
        try:
            out[s.slug] = hashlib.sha256(s.exercise().read_bytes()).hexdigest()
        except OSError:
            out[s.slug] = None
    return out


def _print_seen(r, lang, heading=False) -> None:
    """What a passed step's code produced (kata.show), under the step's name when several may follow."""
    lines = show.seen_lines(r, lang)
    if not lines:
        return
    if heading:
        show.say(f"✔ {t('ui.step', number=r.step.number, total=len(steps()))} · {r.step.title_in(lang)}", kind="done")
    show.say(*("  " + line for line in lines))


SEEN_AT_ONCE = 3  # at most this many newly passed steps show their numbers in one run (the latest ones)


def _newly_done(report, target="exercises") -> list:
    """The steps done now that were not done at the last full `make check` (their numbers are shown once);
    remembered for next time."""
    done = [r.step.number for r in report if r.state == "done"]
    state = _state()
    name = "done" if target == "exercises" else f"done:{target}"
    before = set(state.get(name) or [])
    newly = [r for r in report if r.state == "done" and r.step.number not in before and r.seen]
    try:
        state[name] = done
        _save_state(state)
    except OSError:  # a read-only folder: shown again next time
        pass
    return newly[-SEEN_AT_ONCE:]


def _remember_current(s) -> None:
    """The step `make check` stopped at, and the exercises it checked (for `make hint` without checking again)."""
    try:
        state = _state()
        state["current"] = {"step": s.number if s else None, "exercises": _exercise_digests()}
        _save_state(state)
    except OSError:  # a read-only folder: make hint checks again
        pass


def _current_step():
    """The step the learner is on: the first one whose last check did not pass (as the last `make check`
    found it, while the exercises are unchanged; else checked now)."""
    from kata.judge import runner

    known = _state().get("current") or {}
    if known.get("exercises") == _exercise_digests() and "step" in known:
        return step(known["step"]) if known["step"] else steps()[-1]
    return (runner.run(stop=True).first_not_done() or runner.StepResult(steps()[-1])).step


def cmd_hint(args) -> int:
    lang = i18n.lang()
    s = step(args.step) if args.step else _current_step()
    levels = hints(s, lang)
    state = _state()
    seen = state.setdefault("hints", {})
    level = int(args.level) if args.level else min(seen.get(s.name, 0) + 1, len(levels))
    level = max(1, min(level, len(levels)))
    seen[s.name] = max(seen.get(s.name, 0), level)
    _save_state(state)
    print(t("ui.hint_title", level=level, levels=len(levels), number=s.number, title=s.title_in(lang)))
    print()
    print(levels[level - 1])
    print()
    print(t("ui.hint_more") if level < len(levels) else t("ui.hint_last", number=s.number))
    return 0


def cmd_solution(args) -> int:
    s = step(args.step) if args.step else _current_step()
    path = s.solution()
    print(t("ui.spoiler", number=s.number))
    print()
    if not path.exists():
        print(f"(no solutions/ folder here: {path.relative_to(ROOT)})")
        return 1
    print(path.read_text(encoding="utf-8"))
    return 0


def current_stub_digests() -> dict[str, str]:
    return {s.exercise().relative_to(ROOT).as_posix(): hashlib.sha256(s.exercise().read_bytes()).hexdigest() for s in steps()}


def record_stubs() -> None:
    """Write kata/stubs.sha256 from the exercises as they are (for kata developers, after editing a stub)."""
    STUBS.write_text("".join(f"{d}  {p}\n" for p, d in current_stub_digests().items()), encoding="utf-8")
    stub_digests.cache_clear()


def stub_text(s) -> str | None:
    """The original stub of a step: the newest version in git history whose hash kata/stubs.sha256 records.

    Searching the history (not just HEAD) finds the stub even after the learner committed their work.
    """
    import subprocess

    rel = s.exercise().relative_to(ROOT).as_posix()
    wanted = s.stub_digest
    try:
        commits = subprocess.run(["git", "rev-list", "HEAD", "--", rel], cwd=ROOT, capture_output=True, text=True,
                                 check=True).stdout.split()
    except (OSError, subprocess.CalledProcessError):
        return None
    for commit in commits:
        blob = subprocess.run(["git", "show", f"{commit}:{rel}"], cwd=ROOT, capture_output=True).stdout
        if hashlib.sha256(blob).hexdigest() == wanted:
            return blob.decode("utf-8")
    return None


BACKUPS = ROOT / ".kata" / "backups"


def _back_up(s) -> Path | None:
    """A timestamped copy of the step's exercise in .kata/backups (None when there is no file)."""
    path = s.exercise()
    if not path.exists():
        return None
    BACKUPS.mkdir(parents=True, exist_ok=True)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    backup, n = BACKUPS / f"{s.slug}-{stamp}.py", 1
    while backup.exists():
        backup, n = BACKUPS / f"{s.slug}-{stamp}-{n}.py", n + 1
    shutil.copy2(path, backup)
    return backup


def cmd_reset(args) -> int:
    if args.record:
        record_stubs()
        print(f"Recorded the stubs' checksums in {STUBS.relative_to(ROOT)}.")
        return 0
    if not args.step:
        print("make reset STEP=<n>: which step? " + ", ".join(f"{s.number}={s.name}" for s in steps()))
        return 2
    s = step(args.step)
    path = s.exercise()
    if args.undo:
        return _undo_reset(s)
    original = stub_text(s)
    if original is None:
        print(t("ui.reset_no_stub", file=path.relative_to(ROOT)))
        return 1
    if path.exists() and path.read_text(encoding="utf-8") == original:
        print(t("ui.reset_nothing", file=path.relative_to(ROOT)))
        return 0
    backup = _back_up(s)
    path.write_text(original, encoding="utf-8")
    print(t("ui.reset_done", number=s.number, backup=backup.relative_to(ROOT) if backup else "-"))
    return 0


def _undo_reset(s) -> int:
    """`make reset STEP=n UNDO=1`: the latest backup goes back in place (what is there now is backed up first)."""
    path = s.exercise()
    found = sorted(BACKUPS.glob(f"{s.slug}-*.py"), key=lambda p: p.stat().st_mtime_ns) if BACKUPS.is_dir() else []
    if not found:
        print(t("ui.reset_no_backup", number=s.number))
        return 1
    latest = found[-1]
    if path.exists() and path.read_bytes() == latest.read_bytes():
        print(t("ui.reset_nothing", file=path.relative_to(ROOT)))
        return 0
    current = _back_up(s)
    shutil.copy2(latest, path)
    print(t("ui.reset_undone", file=path.relative_to(ROOT), backup=latest.relative_to(ROOT),
            current=current.relative_to(ROOT) if current else "-"))
    return 0


def cmd_watch(args) -> int:
    """Re-check on every save. A learner process's supervisor (Keras imported) and a spare judge (pytest
    and the reference data loaded) are kept ready while the learner types: a re-check costs the check."""
    from watchfiles import watch

    import tempfile

    from kata.shared.platform import portable
    from kata.judge import runner
    from kata.judge.supervisors import SupervisorError, start_supervisor

    print(t("ui.watch_start"))
    supervisor, spare = None, None
    exchange = Path(tempfile.mkdtemp(prefix="kata-exchange-"))
    try:
        while True:
            if (supervisor is None or not supervisor.alive()) and not portable():  # lent by descriptor
                try:
                    supervisor = start_supervisor(modules=_likely_imports(), exchange=exchange)
                except SupervisorError:
                    supervisor = None
            print(t("ui.checking"), flush=True)
            cmd_check(args, supervisor=supervisor, spare=spare, exchange=exchange)
            if spare is not None:
                spare.close()
            spare = None if portable() else runner.Spare()  # ready for the next save
            for _ in watch(ROOT / "exercises", watch_filter=lambda change, path: path.endswith(".py")):
                break
            print("\n" + "─" * 60)
    finally:
        if spare is not None:
            spare.close()
        if supervisor is not None:
            supervisor.close()
        shutil.rmtree(exchange, ignore_errors=True)
    return 0


def _likely_imports() -> list[str]:
    """What the learner's files import (Keras ...), for the learner processes' supervisor to import ahead."""
    from kata.judge.checking import Learner

    modules = []
    for s in steps():
        try:
            learner = Learner(s, ROOT / "exercises")
            if learner.untouched():  # a stub is "not started" without a learner process
                continue
            modules += [m for m in learner.imports() if m not in modules]
        except Exception:  # a file with a syntax error: its check says so
            continue
    return modules


TRY_EXAMPLES = ("A wonderful, moving film. The acting is superb.", "Dull and far too long.", "bad")


def cmd_try(args) -> int:
    """`make try TEXT="..."`: your step 11 on your own reviews, with the kata's trained model."""
    from kata.judge import oracle
    from kata.judge.checking import Learner, PostModel, target_folder
    from kata.judge.feedback import Feedback

    texts = list(args.text) or ([os.environ["TEXT"]] if os.environ.get("TEXT") else list(TRY_EXAMPLES))
    learner = Learner(step("predict"), target_folder(args.target))
    if not oracle.trained_weights_ready():
        print(t("try.training"), flush=True)
    index = oracle.word_index()
    for text in texts:
        try:
            p = learner.call("predict_sentiment", PostModel(trained=True), text, index)
            ids = learner.call("encode_review", text, index)
        except Feedback as fb:
            print(t("try.failed", text=text))
            print("  " + fb.render().replace("\n", "\n  "))
            return 1
        words = oracle.tokenize(text)
        unknown = [w for w in words if index.get(w) is None or index[w] >= oracle.NUM_WORDS]
        verdict = t("try.positive") if isinstance(p, float) and p >= 0.5 else t("try.negative")
        shown = f"{p:.3f}" if isinstance(p, float) else repr(p)
        print(f"{shown}  {verdict}  {text}")
        known = [w for w in words if w not in unknown]

        def listed(items):
            return ", ".join(show.clean(w, 30) for w in items[:12]) + (" …" if len(items) > 12 else "") or t("try.none")

        print("       " + t("try.words", known=len(known), total=len(words), known_words=listed(known),
                             unknown=listed(unknown)))
        if isinstance(ids, list) and len(ids) < 20:
            print("       " + t("try.short", ids=len(ids), padding=oracle.MAXLEN - len(ids)))
    return 0


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m kata", description="The IMDB kata's tools.")
    sub = parser.add_subparsers(dest="command", required=True)

    def add(name, fn, helptext, with_step=True):
        p = sub.add_parser(name, help=helptext)
        p.set_defaults(fn=fn)
        if with_step:
            p.add_argument("--step", default=os.environ.get("STEP") or None)
        p.add_argument("--target", default=os.environ.get("KATA_TARGET", "exercises"))
        p.add_argument("--verbose", action="store_true", default=bool(os.environ.get("VERBOSE")))
        return p

    add("check", cmd_check, "check your exercises, stopping at the first step not done")
    add("list", cmd_list, "every step with its state", with_step=False)
    add("hint", cmd_hint, "the next hint for the current step").add_argument("--level", default=os.environ.get("LEVEL") or None)
    add("solution", cmd_solution, "show a step's reference solution")
    reset = add("reset", cmd_reset, "restore a step's stub (your version is backed up)")
    reset.add_argument("--record", action="store_true", help="kata developers: record the stubs' checksums after editing one")
    reset.add_argument("--undo", action="store_true", default=bool(os.environ.get("UNDO")),
                       help="put the latest backup back (UNDO=1)")
    add("watch", cmd_watch, "re-check whenever you save an exercise")
    add("try", cmd_try, "your step 11 on your own reviews (make try TEXT=\"...\")", with_step=False).add_argument(
        "text", nargs="*", help="reviews (in English) to score")
    for name, module, helptext in (("grade", "kata.judge.grading", "grade every step"),
                                   ("classroom", "kata.classroom", "write a student template"),
                                   ("bench", "kata.bench", "measure the speed figures")):
        p = sub.add_parser(name, help=helptext, add_help=False)
        p.set_defaults(fn=None, module=module)
    args, rest = parser.parse_known_args(argv)
    if getattr(args, "step", None):
        try:
            step(args.step)
        except KeyError:
            print(t("ui.no_such_step", step=args.step, steps=", ".join(f"{s.number}={s.name}" for s in steps())))
            return 2
    if args.fn is None:
        import importlib

        return importlib.import_module(args.module).main(rest)
    if getattr(args, "verbose", False):
        os.environ["KATA_VERBOSE"] = "1"
    from kata.shared.post import quiet_tensorflow

    quiet_tensorflow()  # before anything imports TensorFlow here (make try trains and reads models)
    return args.fn(args)
