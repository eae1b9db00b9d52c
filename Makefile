# Two commands on a fresh machine: `make run` (the app) and `make test` (the whole suite).
# Each creates the virtual environment and installs the pinned dependencies when needed, and is
# safe to run again.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: setup run test test-deep lint typecheck screenshots bench bundle smoke-bundle clean

$(STAMP): pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c requirements.lock -e '.[dev,build]'
	touch $(STAMP)

setup: $(STAMP)

run: setup
	$(BIN)/buyin

test: setup
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q

test-deep: setup
	QT_QPA_PLATFORM=offscreen BUYIN_DEEP=1 $(BIN)/python -m pytest -q -m "slow or not slow"

lint: setup
	$(BIN)/ruff check desktop tests bench packaging
	$(BIN)/ruff format --check desktop tests bench packaging
	$(BIN)/mypy desktop/finance desktop/models desktop/services

clean:
	rm -rf $(VENV) build dist .pytest_cache .mypy_cache .ruff_cache
