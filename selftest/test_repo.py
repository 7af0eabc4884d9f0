"""The repository lints itself (like rustlings' `dev check`): every step is complete and mirrored,
and everything a learner reads exists in English and Brazilian Portuguese."""

import ast
import re
import string

import pytest

from kata import i18n
from kata.cli.hints import hints
from kata.manifest import ROOT, steps

STEPS = steps()
ids = [s.slug for s in STEPS]


def functions(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return {n.name for n in tree.body if isinstance(n, ast.FunctionDef) and not n.name.startswith("_")}


@pytest.mark.parametrize("step", STEPS, ids=ids)
def test_every_step_has_its_mirrored_files(step):
    for path in (step.exercise(), step.solution(), step.test(), *(step.hint(lang) for lang in i18n.LANGS),
                 *(ROOT / "kata" / "messages" / lang / f"{step.slug}.toml" for lang in i18n.LANGS)):
        assert path.exists(), f"missing {path.relative_to(ROOT)}"


def test_no_file_outside_the_manifest():
    slugs = {s.slug for s in STEPS}
    for folder, pattern in (("exercises", "*.py"), ("solutions", "*.py"), ("hints/en", "*.md"), ("hints/pt_BR", "*.md")):
        for path in (ROOT / folder).glob(pattern):
            assert path.stem in slugs, f"{path.relative_to(ROOT)} is not a step of kata/steps.toml"
    for path in (ROOT / "tests").glob("test_*.py"):
        assert path.stem.removeprefix("test_") in slugs, f"{path.relative_to(ROOT)} is not a step of kata/steps.toml"


@pytest.mark.parametrize("step", STEPS, ids=ids)
def test_stub_is_a_stub_and_mirrors_the_solution(step):
    text = step.exercise().read_text(encoding="utf-8")
    assert "TODO" in text, "every stub marks the places to change with TODO"
    assert "raise NotImplementedError" in text
    assert functions(step.exercise()) == functions(step.solution()), "exercise and solution define the same functions"
    doc = ast.get_docstring(ast.parse(text)) or ""
    assert re.search(r"^EN\s", doc, re.M) and re.search(r"^PT\s", doc, re.M), "the stub explains the step in EN and PT"


@pytest.mark.parametrize("step", STEPS, ids=ids)
def test_hints_have_levels_in_both_languages(step):
    counts = {lang: len(hints(step, lang)) for lang in i18n.LANGS}
    assert counts["en"] >= 3, f"{step.slug}: at least three hint levels (nudge, API, skeleton)"
    assert len(set(counts.values())) == 1, f"{step.slug}: the languages have different numbers of hints: {counts}"


def placeholders(text):
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_messages_have_the_same_keys_and_placeholders_in_both_languages():
    en, pt = i18n.catalog("en"), i18n.catalog("pt_BR")
    assert set(en) == set(pt), f"only in en: {sorted(set(en) - set(pt))}; only in pt_BR: {sorted(set(pt) - set(en))}"
    for key in en:
        assert placeholders(en[key]) == placeholders(pt[key]), f"{key}: placeholders differ"


RESERVED = {"kind", "key", "got", "expected", "where"}  # Feedback's own arguments: a placeholder cannot be one


@pytest.mark.parametrize("lang", i18n.LANGS)
def test_every_message_renders_with_its_values(lang):
    """Every message of both languages, filled with sample values as a check fills it, and shown as the
    learner sees it (a Feedback's few lines): no placeholder clashes with Feedback's own arguments, and
    none is left unfilled."""
    from kata.judge.feedback import Feedback

    catalog = i18n.catalog(lang)
    for key, text in catalog.items():
        names = placeholders(text)
        assert not names & RESERVED, f"{key}: placeholder(s) {names & RESERVED} clash with Feedback's arguments"
        values = {name: f"<{name}>" for name in names}
        rendered = i18n.t(key, lang, **values)
        assert all(f"<{name}>" in rendered for name in names), (key, rendered)
        base, _, part = key.rpartition(".")
        if part in ("text", "cause", "checked") and base:
            fb = Feedback("wrong", base, got="<got>", expected="<expected>", **values)
            assert fb.render().strip(), key


def used_keys():
    """(step name, key) for every expect()/fail() call in the checks."""
    for step in STEPS:
        tree = ast.parse(step.test().read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) in ("expect", "fail"):
                pos = 1 if node.func.id == "expect" else 0
                if len(node.args) > pos and isinstance(node.args[pos], ast.Constant):
                    key = node.args[pos].value
                    yield step, key if "." in key else f"{step.name}.{key}"


def judge_keys():
    """Every failure message key the judge itself raises (Feedback("...", "generic.x"), the known causes)."""
    import re

    for path in sorted((ROOT / "kata" / "judge").rglob("*.py")):
        for key in re.findall(r'"((?:generic|known)\.[a-z_]+)"', path.read_text(encoding="utf-8")):
            yield path, key


def test_every_failure_says_what_was_checked_and_the_likely_cause():
    """Feedback is the product: every message a failing check can give, in both languages, says what was
    checked (or what happened) and the likely cause; none is a bare error."""
    missing = []
    for where, key in [(s.test().name, k) for s, k in used_keys()] + [(p.name, k) for p, k in judge_keys()]:
        for lang in i18n.LANGS:
            catalog = i18n.catalog(lang)
            if not (f"{key}.checked" in catalog or f"{key}.text" in catalog) or f"{key}.cause" not in catalog:
                missing.append(f"{where}: {key} ({lang}) lacks {'checked/text' if f'{key}.cause' in catalog else 'cause'}")
    assert not missing, "\n".join(sorted(set(missing)))


def test_readme_in_both_languages():
    assert (ROOT / "README.md").exists() and (ROOT / "README.pt-BR.md").exists()


def test_language_is_chosen_by_kata_lang_or_locale(monkeypatch):
    for var in ("KATA_LANG", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(var, raising=False)
    assert i18n.lang() == "en"
    monkeypatch.setenv("LANG", "pt_BR.UTF-8")
    assert i18n.lang() == "pt_BR"
    monkeypatch.setenv("KATA_LANG", "en")
    assert i18n.lang() == "en"
    monkeypatch.setenv("KATA_LANG", "pt_BR")
    assert i18n.t("ui.done") == "feita"


@pytest.mark.parametrize("readme,lang", [("README.md", "en"), ("README.pt-BR.md", "pt_BR")])
def test_readme_step_table_follows_the_manifest(readme, lang):
    text = (ROOT / readme).read_text(encoding="utf-8")
    for step in STEPS:
        row = f"| {step.number} | {step.title_in(lang)} | {step.section} | `exercises/{step.slug}.py` |"
        assert row in text, f"{readme}: the steps table should have the row {row}"
    assert "make check" in text and "make test" in text and "KATA_DATA_DIR" in text


def test_stub_checksums_are_recorded():
    """`make reset` finds the original stubs by these checksums; after editing a stub run `python -m kata dev stubs`."""
    from kata.dev.stubs import current_stub_digests
    from kata.manifest import stub_digests

    assert stub_digests() == current_stub_digests(), "kata/stubs.sha256 is out of date: run `python -m kata dev stubs`"


def test_no_data_or_cache_in_the_repository():
    """The IMDB data, and anything made from it (caches, trained weights), never goes into git."""
    import subprocess

    listed = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, text=True)
    if listed.returncode == 0:
        files = [ROOT / name for name in listed.stdout.split("\0") if name]
    else:  # not a git checkout (a downloaded copy): the files that would be committed
        skip = {".venv", ".kata", ".git", "grade", "out", "__pycache__"}
        files = [p for p in ROOT.rglob("*") if p.is_file() and not skip & set(p.relative_to(ROOT).parts)]
    bad = [str(p.relative_to(ROOT)) for p in files
           if p.suffix in {".npz", ".h5", ".keras", ".pkl"} or p.relative_to(ROOT).parts[0].startswith(".kata")
           or (p.exists() and p.stat().st_size > 1_000_000)]
    assert not bad, f"data or cache files are tracked (remove them with git rm --cached): {bad}"
