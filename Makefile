# Set-up and everyday commands. `make run` and `make test` work on a fresh machine.
VENV ?= .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip
STAMP := $(VENV)/.installed

.PHONY: setup run test test-fast lint format bench clean

setup: $(STAMP)

$(STAMP): pyproject.toml
	python3 -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip
	# The CPU build of torch first, so nothing pulls the CUDA wheels.
	$(PIP) install --quiet torch==2.13.0
	$(PIP) install --quiet -e '.[dev]'
	touch $(STAMP)

run: setup
	$(VENV)/bin/verifier review

test: setup
	$(VENV)/bin/pytest -q

test-fast: setup
	$(VENV)/bin/pytest -q -m "not integration"

lint: setup
	$(VENV)/bin/ruff check verifier tui corpora tests benchmarks
	$(VENV)/bin/ruff format --check verifier tui corpora tests benchmarks
	$(VENV)/bin/mypy
	$(VENV)/bin/lint-imports

format: setup
	$(VENV)/bin/ruff format verifier tui corpora tests benchmarks
	$(VENV)/bin/ruff check --fix verifier tui corpora tests benchmarks

bench: setup
	$(PY) -m benchmarks.claims_throughput
	$(PY) -m benchmarks.index_throughput
	$(PY) -m benchmarks.tui_latency

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .mypy_cache .ruff_cache
