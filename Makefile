# imdb-kata: `make check` is the learner's command, `make test` the project's own tests.
# Options go after the target: make check STEP=4 · make hint LEVEL=2 · make check VERBOSE=1 · make check FRESH=1
# Set KATA_LANG=pt_BR for Portuguese, KATA_DATA_DIR=<folder> to read the IMDB files offline.

PYTHON ?= $(if $(shell command -v python3 2>/dev/null),python3,python)
VENV   := .venv
BIN    := $(VENV)/$(if $(filter Windows_NT,$(OS)),Scripts,bin)
KATA   := $(BIN)/python -m kata
STAMP  := $(VENV)/.installed

export STEP LEVEL UNDO VERBOSE FRESH TEXT OUT SUBMISSIONS SHARD MIN_SCORE JOBS RESUME NO_SANDBOX KATA_LANG KATA_DATA_DIR KATA_EXTRA_TESTS KATA_PRIVATE_REVIEWS KATA_TIMEOUT_SCALE KATA_PREPARED

.PHONY: help install check list hint solution reset watch try test test-e2e test-matrix test-next grade grade-merge grade-prepare classroom bench clean-cache

help:
	@echo "make check      check your exercises, step by step (STEP=n: one step; VERBOSE=1: full output; FRESH=1: every step)"
	@echo "make list       every step and its state"
	@echo "make hint       the next hint for the step you are on (STEP=n, LEVEL=k to choose)"
	@echo "make solution   the reference solution of a step, after a spoiler warning (STEP=n)"
	@echo "make reset      put a step's stub back; your version is backed up (STEP=n; UNDO=1 puts it back)"
	@echo "make watch      re-check every time you save an exercise"
	@echo "make try        your step 11 on your own review (TEXT=\"...\")"
	@echo "make grade      grade every step with points (MIN_SCORE=n, SUBMISSIONS=dir JOBS=n RESUME=1, KATA_EXTRA_TESTS=path; docs/grading.md)"
	@echo "                a big class in shards: SUBMISSIONS=dir SHARD=i/N writes grade/shard-i-of-N/ (KATA_PREPARED=dir reuses grade-prepare's)"
	@echo "make grade-merge    join the shards in grade/ into grade/: grades.csv, summary.md, class.md/.csv/.png, similar.md"
	@echo "make grade-prepare  make once what every shard reuses, the judge's reference training and data (OUT=dir)"
	@echo "make classroom  write the student template for a class or GitHub Classroom (OUT=dir; docs/grading.md)"
	@echo "make test       the project's own tests (for kata developers; make test-e2e: the commands end to end)"
	@echo "make test-matrix  the learner's path on every Python pyproject.toml supports, those found here"
	@echo "make test-next  the learner's path on the newest TensorFlow pre-release the registry offers"
	@echo "make bench      measure the kata's speed figures"

$(STAMP): pyproject.toml
	@$(PYTHON) -m kata.pyversion
	@echo "Setting up the Python environment in $(VENV) (first time only: a few minutes)..."
	@$(PYTHON) -m venv $(VENV)
	@$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	@$(BIN)/python -m pip install --quiet --disable-pip-version-check -e ".[dev]"
	@touch $(STAMP)

install: $(STAMP)

check: $(STAMP)
	@$(KATA) check

list: $(STAMP)
	@$(KATA) list

hint: $(STAMP)
	@$(KATA) hint

solution: $(STAMP)
	@$(KATA) solution

reset: $(STAMP)
	@$(KATA) reset

watch: $(STAMP)
	@$(KATA) watch

try: $(STAMP)
	@$(KATA) try

test: $(STAMP)
	@if [ -d selftest ]; then $(BIN)/python -m pytest selftest -m "not e2e" -p no:randomly -q -n 2 --durations=8; \
	else echo "This copy has no selftest/ (a student template): use make check, or make grade."; fi

test-e2e: $(STAMP)
	@if [ -d selftest ]; then $(BIN)/python -m pytest selftest -m e2e -p no:randomly -q -n 2 --dist loadfile --durations=8; \
	else echo "This copy has no selftest/ (a student template): use make check, or make grade."; fi

test-matrix: $(STAMP)
	@$(KATA) dev matrix

test-next: $(STAMP)
	@$(KATA) dev next

grade: $(STAMP)
	@$(KATA) grade

grade-merge: $(STAMP)
	@$(KATA) grade merge

grade-prepare: $(STAMP)
	@$(KATA) grade prepare

classroom: $(STAMP)
	@$(KATA) classroom

bench: $(STAMP)
	@$(KATA) dev bench

clean-cache:
	rm -rf .kata/cache
