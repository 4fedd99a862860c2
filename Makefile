# Two commands on a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: demo test lint bench bench-quick clean schemas fuzz

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(VENV)/.installed $@

demo: $(VENV)/.installed
	$(BIN)/safe-map assess mongolia

test: $(VENV)/.installed-test
	$(BIN)/python -m pytest

# The property-based tests (YAML text, workbook cells, Markdown) with 20 times the cases: ~15 min.
fuzz: $(VENV)/.installed-test
	SAFE_MAP_FUZZ=20 $(BIN)/python -m pytest tests/test_fuzz.py tests/test_fuzz_workbook.py tests/test_markdown.py

lint: $(VENV)/.installed-test
	$(BIN)/ruff check safe_map tests bench
	$(BIN)/ruff format --check safe_map tests bench

# About 30 minutes (bench/README.md has the figures and quicker variants). Its virtual
# environments and data sets go under bench/out/ (git-ignored): `rm -rf bench/out` removes them.
bench: $(VENV)/.installed-test
	$(BIN)/python bench/run.py

# About a minute: each figure beside its peer, floor or target (bench/quick.py); never fails
# on a slow figure. CI runs it after the tests.
bench-quick: $(VENV)/.installed-test
	$(BIN)/python bench/quick.py

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache

# The JSON Schemas are generated from safe_map/schema.py (data files) and
# safe_map/render/json_schema.py (the output of --format json); a test fails when they are stale.
OUTPUT_SCHEMAS := assess check standards countries compare region changes mras plans plan
schemas: $(VENV)/.installed
	$(BIN)/safe-map schema country > safe_map/schemas/country.schema.json
	$(BIN)/safe-map schema catalogue > safe_map/schemas/catalogue.schema.json
	$(BIN)/safe-map schema group > safe_map/schemas/group.schema.json
	$(BIN)/safe-map schema plan > safe_map/schemas/plan.schema.json
	mkdir -p safe_map/schemas/output
	for name in $(OUTPUT_SCHEMAS); do \
	  $(BIN)/safe-map schema output/$$name > safe_map/schemas/output/$$name.schema.json || exit 1; \
	done
