# dlxh developer commands. Each target sets up .venv by itself and reuses it.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
DEMO_OUT ?= demo-output

.PHONY: demo test lint typecheck unit docs bench bench-quick clean venv

$(STAMP): pyproject.toml examples/plugin/pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	# The example third-party plugin, installed as a user would, so its entry point is tested.
	$(BIN)/python -m pip install --quiet -e examples/plugin
	@touch $(STAMP)

venv: $(STAMP)

## demo: run the main job on the bundled example data
demo: $(STAMP)
	$(BIN)/python examples/demo.py --output $(DEMO_OUT)

## test: the whole suite: lint, types, tests, docs
test: lint typecheck unit docs

lint: $(STAMP)
	$(BIN)/ruff check src tests examples benchmarks scripts

typecheck: $(STAMP)
	$(BIN)/mypy
	cd examples/plugin && $(CURDIR)/$(BIN)/mypy

unit: $(STAMP)
	$(BIN)/python -m pytest
	$(BIN)/python -m pytest examples/plugin/tests

docs: $(STAMP)
	$(BIN)/sphinx-build -W --keep-going -q -b html docs docs/_build/html

## bench: every benchmark against its anchor, one table, docs/performance.md regenerated
bench: $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[bench,dask]'
	$(BIN)/python benchmarks/run.py

bench-quick: $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[bench,dask]'
	$(BIN)/python benchmarks/run.py --quick

clean:
	rm -rf $(VENV) docs/_build $(DEMO_OUT) .mypy_cache .ruff_cache .pytest_cache
