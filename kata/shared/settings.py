"""Every `KATA_*` environment variable the kata reads, declared once: its default and what it means.

    settings.get("KATA_MEMORY_MB")          -> "4096" (the value, else the default)
    settings.number("KATA_MEMORY_MB")       -> 4096.0
    settings.flag("KATA_NO_FORK")           -> True when set to anything but "", "0"

README's table of settings is written from this list (`python -m kata dev settings`), and the project's
tests fail when a `KATA_*` name in the code is missing here, or README's table differs from it.
Who: "learner" (make check and friends), "instructor" (grading), "developer" (the kata's own tests and
tools), "internal" (set by the kata for its own processes: never set them yourself).
"""

from __future__ import annotations

import os
from dataclasses import dataclass


@dataclass(frozen=True)
class Setting:
    name: str
    default: str | None
    who: str  # learner | instructor | developer | internal
    en: str
    pt_BR: str


SETTINGS = (
    Setting("KATA_LANG", None, "learner", "`pt_BR` or `en`: the language of every message (else the locale: LC_ALL, "
            "LC_MESSAGES, LANG)", "`pt_BR` ou `en`: o idioma de todas as mensagens (senão a localidade: LC_ALL, "
            "LC_MESSAGES, LANG)"),
    Setting("KATA_DATA_DIR", None, "learner", "a folder holding `imdb.npz` and `imdb_word_index.json`: read offline "
            "instead of downloading them", "uma pasta com `imdb.npz` e `imdb_word_index.json`: lidos offline em vez "
            "de baixados"),
    Setting("KATA_CACHE_DIR", ".kata/cache", "learner", "where trainings and prepared data are kept",
            "onde treinos e dados preparados são guardados"),
    Setting("KATA_VERBOSE", None, "learner", "`1`: everything pytest and TensorFlow print (`make check VERBOSE=1`)",
            "`1`: tudo o que o pytest e o TensorFlow imprimem (`make check VERBOSE=1`)"),
    Setting("KATA_TARGET", "exercises", "learner", "whose code the checks run: `exercises`, `solutions` or a folder",
            "o código que as verificações rodam: `exercises`, `solutions` ou uma pasta"),
    Setting("KATA_NOTEBOOK_DIR", ".kata/notebook/<name>", "learner", "where a notebook's cells are written as files "
            "to be checked", "onde as células de um notebook viram arquivos para as verificações"),
    Setting("KATA_TIMEOUT_SCALE", "1", "learner", "a factor for every step's time limit (`2`: twice as long)",
            "um fator para o limite de tempo de cada etapa (`2`: o dobro)"),
    Setting("KATA_MEMORY_MB", "4096", "learner", "the memory one call of your code may use (MiB)",
            "a memória que uma chamada do seu código pode usar (MiB)"),
    Setting("KATA_OUTPUT_MB", "20", "learner", "what one call of your code may print (MB)",
            "o quanto uma chamada do seu código pode imprimir (MB)"),
    Setting("KATA_FILE_MB", "512", "learner", "the largest file one call of your code may write (MiB)",
            "o maior arquivo que uma chamada do seu código pode escrever (MiB)"),
    Setting("KATA_PROCESSES", "64", "learner", "the processes one call of your code may run at once",
            "os processos que uma chamada do seu código pode ter ao mesmo tempo"),
    Setting("KATA_NO_FORK", None, "learner", "`1`: start each call's process afresh instead of forking it (as on "
            "macOS and Windows)", "`1`: iniciar o processo de cada chamada do zero em vez de um fork (como no macOS "
            "e no Windows)"),
    Setting("KATA_PORTABLE", None, "learner", "`1`: loopback connections instead of passed descriptors between the "
            "kata's processes (as on Windows)", "`1`: conexões locais em vez de descritores passados entre os "
            "processos do kata (como no Windows)"),
    Setting("KATA_SANDBOX", "auto", "instructor", "`strict`, `local`, `off` or `auto`: the sandbox of the learner "
            "processes (`auto`: local where bubblewrap works)", "`strict`, `local`, `off` ou `auto`: a sandbox dos "
            "processos do aprendiz (`auto`: local onde o bubblewrap funciona)"),
    Setting("KATA_EXTRA_TESTS", None, "instructor", "a file or folder of hidden checks (`test_04_pad_hidden.py` "
            "joins step 4)", "um arquivo ou pasta de verificações ocultas (`test_04_pad_hidden.py` entra na etapa 4)"),
    Setting("KATA_NO_SHARING", None, "instructor", "`1`: in a batch, every copy trains its own step 8",
            "`1`: num lote, cada cópia treina a própria etapa 8"),
    Setting("KATA_CLASSROOM", None, "instructor", "a repository variable: `off` skips the GitHub Classroom reporter "
            "in the grading workflow", "variável do repositório: `off` pula o relator do GitHub Classroom no workflow"),
    Setting("KATA_RESULTS", None, "internal", "the grading workflow's results for GitHub Classroom's reporter",
            "os resultados do workflow de avaliação para o relator do GitHub Classroom"),
    Setting("KATA_MATRIX_VERSIONS", "3.10,3.11,3.12,3.13", "developer", "the Pythons `make test-matrix` tries",
            "os Pythons que `make test-matrix` experimenta"),
    Setting("KATA_MATRIX_WORKTREE", None, "developer", "`1`: `make test-matrix` checks the working tree, not HEAD",
            "`1`: `make test-matrix` verifica a árvore de trabalho, não o HEAD"),
    Setting("KATA_ATTACK_SECRET", None, "developer", "a secret the attack suite puts in the instructor's environment "
            "(it must never reach a report)", "um segredo que a suíte de ataques põe no ambiente do instrutor (nunca "
            "deve chegar a um relatório)"),
    Setting("KATA_SANDBOX_SCRATCH", None, "internal", "a graded copy's private writable folder",
            "a pasta gravável privada de uma cópia avaliada"),
    Setting("KATA_SANDBOX_EXERCISES", None, "internal", "a graded copy's exercises (read only in its sandbox)",
            "os exercícios de uma cópia avaliada (somente leitura na sandbox)"),
    Setting("KATA_SANDBOX_PRIVATE", None, "internal", "`1`: a call that sees nothing of the other calls' files "
            "(step 14)", "`1`: uma chamada que não vê nada dos arquivos das outras (etapa 14)"),
    Setting("KATA_EXCHANGE_DIR", None, "internal", "the folder the judge and a sandboxed supervisor share",
            "a pasta que o juiz e um supervisor na sandbox compartilham"),
    Setting("KATA_SUPERVISOR", None, "internal", "the channel to the learner processes' supervisor (a handle)",
            "o canal para o supervisor dos processos do aprendiz (um identificador)"),
    Setting("KATA_SUPERVISOR_IMPORT", None, "internal", "what the supervisor imports at once (modules, comma-separated)",
            "o que o supervisor importa logo (módulos separados por vírgula)"),
    Setting("KATA_REPORT", None, "internal", "the judge's report channel (a handle)",
            "o canal de relatório do juiz (um identificador)"),
    Setting("KATA_LIVE", None, "internal", "where the learner's output goes as it comes (a handle)",
            "para onde a saída do aprendiz vai ao vivo (um identificador)"),
    Setting("KATA_LIVE_TTY", None, "internal", "`1`: the live output ends on a terminal (colours, progress bars)",
            "`1`: a saída ao vivo termina num terminal (cores, barras de progresso)"),
    Setting("KATA_SPARE", None, "internal", "a judge started ahead: its channel to the runner (a handle)",
            "um juiz iniciado antes: seu canal para o executor (um identificador)"),
    Setting("KATA_CALL_CTRL", None, "internal", "a freshly started learner process's control channel (a handle)",
            "o canal de controle de um processo do aprendiz iniciado do zero (um identificador)"),
    Setting("KATA_CALL_READY", None, "internal", "where a freshly started learner process says it is ready",
            "onde um processo do aprendiz iniciado do zero avisa que está pronto"),
)

BY_NAME = {s.name: s for s in SETTINGS}
# Variables of the kata's own processes: never handed on to a process the kata starts for another run.
CHANNELS = ("KATA_SUPERVISOR", "KATA_SUPERVISOR_IMPORT", "KATA_REPORT", "KATA_LIVE", "KATA_LIVE_TTY", "KATA_EXCHANGE_DIR",
            "KATA_CALL_CTRL", "KATA_CALL_READY", "KATA_SPARE")


def get(name: str, env=None) -> str | None:
    """The variable's value (from env, a run's own variables, first; then this process's), else its default."""
    setting = BY_NAME[name]
    value = (env or {}).get(name) or os.environ.get(name)
    return value if value else setting.default


def flag(name: str, env=None) -> bool:
    """True when the variable is set to anything but "" or "0"."""
    BY_NAME[name]  # noqa: B018 - a name the registry does not know is an error here, not a silent False
    value = (env or {}).get(name) or os.environ.get(name, "")
    return value not in ("", "0")


def number(name: str, env=None) -> float:
    """The variable as a number (its default when unset or not a number)."""
    try:
        return float(get(name, env) or BY_NAME[name].default or 0)
    except ValueError:
        return float(BY_NAME[name].default or 0)


def table(lang: str = "en", who=("learner", "instructor")) -> str:
    """The Markdown table of the settings for `who`, in lang (README's)."""
    head = ("| variable | default | what it does |" if lang == "en" else "| variável | padrão | o que faz |")
    rows = [head, "|---|---|---|"]
    for s in SETTINGS:
        if s.who in who:
            meaning = s.en if lang == "en" else s.pt_BR
            rows.append(f"| `{s.name}` | {f'`{s.default}`' if s.default else '-'} | {meaning} |")
    return "\n".join(rows)
