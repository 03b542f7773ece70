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
	$(VENV)/bin/verifier review --prepare
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

# --- PostgreSQL: the server binaries for the tests, and a desk's shared review store ---
.PHONY: postgres test-postgres desk-server
AS_ROOT := $(if $(filter 0,$(shell id -u)),,sudo)
AS_POSTGRES := $(if $(filter 0,$(shell id -u)),runuser -u postgres --,sudo -u postgres)
DESK_DB ?= newsroom

postgres:
	@ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1 || command -v pg_ctl >/dev/null || \
	  { $(AS_ROOT) apt-get update -q && $(AS_ROOT) apt-get install -y -q postgresql; }

test-postgres: setup postgres
	$(VENV)/bin/pytest -q -m postgres

# One command on the desk's server machine: start Debian's cluster, make the database owned by
# you, create the tables and the verifier_reviewer / verifier_reader roles (docs/review-store.md).
desk-server: setup postgres
	$(AS_ROOT) pg_ctlcluster $$(pg_lsclusters -h | awk 'NR==1 {print $$1, $$2}') start 2>/dev/null || true
	$(AS_POSTGRES) psql -qtc "SELECT 1 FROM pg_roles WHERE rolname = '$$(id -un)'" | grep -q 1 || \
	  $(AS_POSTGRES) createuser --createrole "$$(id -un)"
	$(AS_POSTGRES) psql -qtc "SELECT 1 FROM pg_database WHERE datname = '$(DESK_DB)'" | grep -q 1 || \
	  $(AS_POSTGRES) createdb -O "$$(id -un)" "$(DESK_DB)"
	$(VENV)/bin/verifier store init-postgres "postgresql:///$(DESK_DB)"
