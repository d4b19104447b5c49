# relmap: the two commands are `make run` and `make test`; the rest are helpers they use.
SHELL := /bin/bash
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
SIZE ?= S

.PHONY: run test install db-up db-down db-wipe db-status lint typecheck check bench bench-quick clean

$(STAMP): pyproject.toml requirements.lock
	@command -v $(PY) >/dev/null || { echo "Python 3.11+ is needed ($(PY) not found)"; exit 1; }
	@[ -x $(BIN)/python ] || $(PY) -m venv $(VENV)
	$(BIN)/pip install -q --disable-pip-version-check -c requirements.lock -e '.[dev]'
	@touch $(STAMP)

install: $(STAMP) ## Python dependencies into .venv (versions from requirements.lock; cached by pip)

run: install ## Serve the API on http://127.0.0.1:8000 (starts a local Neo4j unless NEO4J_URI is set)
	@if [ -z "$$NEO4J_URI" ]; then scripts/neo4j.sh start; fi
	$(BIN)/uvicorn app.main:create_app --factory --host $(HOST) --port $(PORT) --no-access-log

test: install ## Lint, type-check and run the whole suite against a real Neo4j
	$(BIN)/ruff check app tests bench
	$(BIN)/mypy app tests
	$(BIN)/pytest -q

db-up: ## Start the local Neo4j (downloads it from Maven Central the first time)
	scripts/neo4j.sh start

db-down: ## Stop the local Neo4j
	scripts/neo4j.sh stop

db-wipe: ## Stop the local Neo4j and delete its data
	scripts/neo4j.sh wipe

db-status:
	@scripts/neo4j.sh status

lint: install
	$(BIN)/ruff check app tests bench
	$(BIN)/ruff format --check app tests bench

typecheck: install
	$(BIN)/mypy app tests

BENCH_STAMP := $(VENV)/.bench-installed

$(BENCH_STAMP): $(STAMP) pyproject.toml
	$(BIN)/pip install -q --disable-pip-version-check -c requirements.lock -e '.[dev,bench]'
	@touch $(BENCH_STAMP)

bench: $(BENCH_STAMP) ## Benchmarks (SIZE=S|M|L|astro-ph|wiki-vote, comma list), results in bench/results and docs/benchmarks.md
	$(BIN)/python -m bench.run --size $(SIZE) $(BENCH_ARGS)

bench-quick: $(BENCH_STAMP) ## The benchmark on the 1,000-person graph with short measurements (a few minutes)
	$(BIN)/python -m bench.run --size XS --quick $(BENCH_ARGS)

clean:
	rm -rf .pytest_cache .mypy_cache .ruff_cache
