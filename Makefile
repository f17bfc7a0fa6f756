# Thin targets, each calling one tool. `make help` lists them.
# Only Python 3.11+ and make are needed: the first target bootstraps uv into .tools/.

PYTHON ?= python3
UV_VERSION := 0.13.9
TOOLS := .tools
UV := $(TOOLS)/bin/uv
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
HOST ?= 127.0.0.1
PORT ?= 8000
PG_TEST_URL ?= postgresql+psycopg://postgres@127.0.0.1:5432/test

export UV_PYTHON_DOWNLOADS := never
export UV_NO_CONFIG := 1

.DEFAULT_GOAL := help

.PHONY: help
help: ## List the targets
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-12s %s\n", $$1, $$2}'

$(UV):
	$(PYTHON) -m venv $(TOOLS)
	$(TOOLS)/bin/python -m pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)

$(STAMP): requirements.lock pyproject.toml | $(UV)
	test -x $(BIN)/python || $(UV) venv --quiet --python $(PYTHON) $(VENV)
	$(UV) pip sync --quiet --python $(BIN)/python --require-hashes requirements.lock
	$(UV) pip install --quiet --python $(BIN)/python --no-deps --editable .
	touch $@

.PHONY: install
install: $(STAMP) ## Install the pinned dependencies into .venv

.PHONY: lock
lock: | $(UV) ## Re-resolve requirements.lock from pyproject.toml
	$(UV) pip compile pyproject.toml --extra dev --generate-hashes --no-emit-index-url \
		--universal --python-version 3.11 --quiet -o requirements.lock

.PHONY: migrate
migrate: install ## Bring the database to the newest schema
	$(BIN)/gateway db upgrade

.PHONY: seed
seed: install ## Fill the database with demo data (SEED_ARGS="--builds 1000000")
	$(BIN)/gateway db seed $(SEED_ARGS)

ACTIVITY_SECONDS ?= 900

.PHONY: run
run: install ## Migrate, seed an empty database and serve on $(HOST):$(PORT), statuses moving
	$(BIN)/gateway db upgrade
	$(BIN)/gateway db seed --if-empty
	$(BIN)/gateway demo activity --seconds $(ACTIVITY_SECONDS) --quiet & activity=$$!; \
	trap 'kill $$activity 2>/dev/null' EXIT INT TERM; \
	$(BIN)/gateway serve --host $(HOST) --port $(PORT)

PYTEST_WORKERS ?= 2
# The legacy contract suite, run again with Flask off and every operation cut over.
FLASK_OFF_TESTS := tests/legacy_flask tests/gateway/test_flask_off.py

.PHONY: test
test: install ## Run the whole suite with branch coverage (PostgreSQL: set TEST_DATABASE_URL)
	$(BIN)/pytest -n $(PYTEST_WORKERS) $(PYTEST_ARGS) --cov

.PHONY: test-pg
test-pg: install ## Run the whole suite on the local PostgreSQL
	TEST_DATABASE_URL=$(PG_TEST_URL) $(BIN)/pytest -n $(PYTEST_WORKERS) $(PYTEST_ARGS) --cov

.PHONY: test-flask-off
test-flask-off: install ## The legacy contract suite with Flask off, every operation cut over
	TEST_LEGACY_APP=off $(BIN)/pytest -n $(PYTEST_WORKERS) $(FLASK_OFF_TESTS) $(PYTEST_ARGS)

BENCH_BUILDS ?= 100000
BENCH_DATABASES ?= sqlite,postgresql
BENCH_DATABASE_URL ?= sqlite:///./var/bench.db
# Every step: `$(BIN)/python -m benchmarks.report --list`; BENCH_ARGS="--rounds 1 --seconds 2
# --rss-seconds 10,30 --sse-clients 50" for a quick run; BENCH_PG_URL / BENCH_SQLITE_URL pick
# the databases.
BENCH := $(BIN)/python -m benchmarks.report --builds $(BENCH_BUILDS) --databases $(BENCH_DATABASES) $(BENCH_ARGS)

.PHONY: bench
bench: install ## One run, one report: every step on SQLite and PostgreSQL, table in README and benchmarks/results/
	$(BENCH) --readme

.PHONY: bench-speed
bench-speed: install ## v1 lists vs their legacy twins on gunicorn (sync, gthread) and vs the raw-ASGI reference
	$(BENCH) speed

.PHONY: bench-cutover
bench-cutover: install ## Legacy routes through the mount and cut over vs gunicorn (sync, gthread)
	$(BENCH) cutover

.PHONY: bench-pages
bench-pages: install ## Deep pages (90 %) vs page 1 on every list of both stacks
	$(BENCH) pages

.PHONY: bench-statements
bench-statements: install ## SQL statements per request vs page size, every list of both stacks
	$(BENCH) statements

.PHONY: bench-shadow
bench-shadow: install ## A legacy list with shadow off, at 1 % and at 100 %, side by side
	$(BENCH) shadow

.PHONY: bench-memory
bench-memory: install ## RSS of one worker and p99 of each stack under a 50/50 mixed load
	$(BENCH) memory

.PHONY: bench-usage
bench-usage: install ## p99 of every usage route, legacy and v1, from the usage summaries
	$(BENCH) usage

.PHONY: bench-events
bench-events: install ## SSE fan-out to 500 streams on one worker (BENCH_SSE_CLIENTS): events/s, commit-to-delivery
	$(BENCH) events

# Any other step of benchmarks.report's STEPS registry: `make bench-<step>`.
bench-%: install
	$(BENCH) $*

.PHONY: bench-seed
bench-seed: install ## Time the seeder on BENCH_BUILDS builds (BENCH_DATABASE_URL for PostgreSQL)
	GATEWAY_DATABASE_URL=$(BENCH_DATABASE_URL) $(BIN)/gateway db upgrade
	GATEWAY_DATABASE_URL=$(BENCH_DATABASE_URL) $(BIN)/gateway db seed --reset --builds $(BENCH_BUILDS)

.PHONY: check
check: install ## Lint, format check and strict type check
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

.PHONY: format
format: install ## Apply ruff's fixes and formatting
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

.PHONY: clean
clean: ## Remove the virtualenvs and caches (keeps var/)
	rm -rf $(VENV) $(TOOLS) .mypy_cache .pytest_cache .ruff_cache
