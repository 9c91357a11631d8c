# The two commands a fresh machine needs (only Python 3.11 and make):
#   make brief   set up .venv with what a brief needs and print a cited Markdown brief of examples/ (local engine)
#   make test    set up .venv with the dev toolchain and run lint, types, import contracts and the test suite
#   make test-llm  the LLM engine against a real llama.cpp server (builds llama-cpp-python once; see tests/real_server.sh)
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
RUNTIME := $(VENV)/.installed-runtime
DEV := $(VENV)/.installed-dev

.PHONY: brief test test-llm lint typecheck contracts unit setup setup-dev clean bench

setup: $(RUNTIME)
setup-dev: $(DEV)

# The venv's own pip is enough (an editable hatchling install needs pip >= 21.3; Python 3.11 ships 23.x): upgrading it
# first cost ~10 s of a cold `make brief`.
$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)

# Only what `summarize brief` needs: the package and its runtime dependencies.
$(RUNTIME): pyproject.toml | $(VENV)/bin/python
	$(BIN)/python -m pip install --quiet -e .
	touch $(RUNTIME)

# Linters, type checker, test and benchmark tools on top.
$(DEV): pyproject.toml $(RUNTIME)
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $(DEV)

brief: $(RUNTIME)
	$(BIN)/summarize brief --engine local examples/*.txt

lint: $(DEV)
	$(BIN)/ruff check summarizer tests benchmarks
	$(BIN)/ruff format --check summarizer tests benchmarks

typecheck: $(DEV)
	$(BIN)/mypy

contracts: $(DEV)
	$(BIN)/lint-imports

unit: $(DEV)
	$(BIN)/pytest

test: lint typecheck contracts unit

# The LLM engine against a real server: builds (once, cached under ~/.cache/summarizer-llm) llama-cpp-python, serves
# SmolLM2-135M-Instruct on 127.0.0.1 and runs the tests marked real_server (see tests/real_server.sh).
test-llm: $(DEV)
	PYTHON=$(PYTHON) bash tests/real_server.sh

bench: $(DEV)
	$(BIN)/python benchmarks/local_throughput.py

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache
