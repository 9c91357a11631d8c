# The two commands a fresh machine needs (only Python 3.11 and make):
#   make brief   set up .venv and print a cited Markdown brief of examples/ with the local engine
#   make test    set up .venv and run lint, type check and the test suite
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: brief test lint typecheck unit setup clean bench

setup: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

brief: $(STAMP)
	$(BIN)/summarize brief --engine local examples/*.txt

lint: $(STAMP)
	$(BIN)/ruff check summarizer tests benchmarks
	$(BIN)/ruff format --check summarizer tests benchmarks

typecheck: $(STAMP)
	$(BIN)/mypy

unit: $(STAMP)
	$(BIN)/pytest

test: lint typecheck unit

bench: $(STAMP)
	$(BIN)/python benchmarks/local_throughput.py

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache
