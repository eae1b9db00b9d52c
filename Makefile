# Two commands on a fresh machine: `make run` (the app) and `make test` (the whole suite).
# Each creates the virtual environment and installs the pinned dependencies when needed, and is
# safe to run again.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: setup run test test-deep lint typecheck screenshots bench bundle smoke-bundle clean \
        starter-library

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

# The frozen app for this platform: dist/Buy-In/ (and dist/Buy-In.app on macOS).
bundle: setup
	$(BIN)/pyinstaller packaging/buyin.spec --noconfirm --distpath dist --workpath build

# Builds the bundle when it is missing or older than the code, then runs the frozen smoke test.
smoke-bundle: setup
	@if [ ! -e dist/Buy-In/buyin ] || [ -n "$$(find desktop resources packaging pyproject.toml \
	    requirements.lock -type f -newer dist/Buy-In/buyin ! -path '*/__pycache__/*' | head -n 1)" ]; \
	  then $(MAKE) --no-print-directory bundle; fi
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest tests/packaging -m packaging -q

# The library a first start copies into place, holding the sample ready-made; rebuild it after
# changing the sample's proposal file or the schema (tests/services/test_starter.py says when).
starter-library: setup
	$(BIN)/python -m desktop.services.starter

bench: setup
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m bench.run
