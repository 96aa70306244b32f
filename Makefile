# Two commands from a fresh clone: `make run` and `make test`. Everything else is a helper of those.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
EXTRAS ?= dev,webhooks,multilingual,docs,voice
INDEX_DIR ?= var/index
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1
export INDEX_DIR

.PHONY: help install run index test test-fast lint docs eval quality-table bench lock clean

help:
	@echo "make run    - install, build the index if missing, start the bot (or the terminal chat without a token)"
	@echo "make test   - install and run the whole test suite"
	@echo "make lint   - ruff, mypy and hadolint"
	@echo "make docs   - build the documentation site into site/ (strict: broken links fail)"
	@echo "make eval   - answer quality on the question files"
	@echo "make quality-table SETS='heldout9 heldout8' - the README's quality table for those held-out sets"
	@echo "make bench  - benchmarks (after make test)"

# The same two steps as the Dockerfile: the lock file as constraints, then the project.
$(BIN)/.installed: requirements.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade "pip>=24"
	$(BIN)/python -m pip install --quiet -c requirements.lock -e ".[$(EXTRAS)]"
	@touch $@

install: $(BIN)/.installed

$(INDEX_DIR)/manifest.json: | install
	$(BIN)/eppermed-index build

index: $(INDEX_DIR)/manifest.json

run: install index
	$(BIN)/eppermed-bot

test: install
	$(BIN)/python -m pytest -q

test-fast: install
	$(BIN)/python -m pytest -q -m "not integration and not e2e"

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/hadolint Dockerfile

# The documentation site (mkdocs.yml, docs/) into site/; --strict turns every warning into a failure.
# The variable silences Material's banner announcing its end of life (May 2027) on every build.
docs: install
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs build --strict --site-dir site

# Answer quality of the published index on every question set that exists (docs/quality.md): the shared
# development sets, the repository's own (tests/data: single questions and medical ones), the multilingual
# one. Dialogue sets (`turns`) go through DIALOGUE_FILES; language-detection sets are scored by their tests.
EVAL_FILES ?= $(wildcard ../shared/eval/dev_questions.jsonl ../shared/eval/dev_near_domain.jsonl \
	../shared/eval/dev_medical.jsonl) \
	$(sort $(foreach f,$(wildcard tests/data/*.jsonl),$(if $(findstring dialogues,$(f))$(findstring language_short,$(f)),,$(f)))) \
	tests/integration/multilingual_questions.jsonl
# Two-turn dialogues (follow-up questions), through the path `eppermed-bot ask --jsonl` with "chat" takes.
DIALOGUE_FILES ?= $(wildcard ../shared/eval/dev_dialogues.jsonl) tests/data/dev_dialogues_extra.jsonl tests/data/dev_dialogues_fresh.jsonl \
	tests/data/dev6_dialogues.jsonl tests/data/dev7_dialogues.jsonl tests/data/dev8_dialogues.jsonl tests/data/dev10_dialogues.jsonl tests/data/dev11_dialogues.jsonl tests/data/dev12_dialogues.jsonl tests/data/dev13_dialogues.jsonl tests/data/dev15_dialogues.jsonl $(wildcard tests/data/heldout_dialogues.jsonl tests/data/heldout2_dialogues.jsonl tests/data/heldout4_dialogues.jsonl tests/data/heldout6_dialogues.jsonl tests/data/heldout7_dialogues.jsonl tests/data/heldout8_dialogues.jsonl tests/data/heldout9_dialogues.jsonl tests/data/heldout10_dialogues.jsonl tests/data/heldout11_dialogues.jsonl)
eval: install index
	@for f in $(EVAL_FILES); do echo "== $$f"; $(BIN)/eppermed-index eval $$f || exit 1; done
	@for f in $(DIALOGUE_FILES); do echo "== $$f"; $(BIN)/eppermed-bot dialogues $$f || exit 1; done

# The README's table ("How good the answers are") for the held-out sets named, from the same commands.
SETS ?= heldout28 heldout27 heldout26 heldout25 heldout24 heldout23 heldout22 heldout21 heldout20 heldout19 heldout18
quality-table: install index
	$(BIN)/python scripts/quality_table.py $(SETS)

bench: install index
	$(BIN)/python scripts/bench.py

lock:
	head -n 2 requirements.lock > requirements.lock.new
	$(BIN)/python -m pip freeze --exclude-editable | sed 's/^torch==2.13.0+cpu$$/torch==2.13.0/' >> requirements.lock.new
	mv requirements.lock.new requirements.lock

clean:
	rm -rf $(VENV) var site .mypy_cache .ruff_cache .pytest_cache
