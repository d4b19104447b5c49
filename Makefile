# relmap: the two commands are `make run` and `make test`; the rest are helpers they use.
SHELL := /bin/bash
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
WEB_STAMP := web/node_modules/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
RELMAP_WORKERS ?= 2
SIZE ?= S

.PHONY: run demo test check-install install db-up db-down db-wipe db-status load lint typecheck check bench bench-quick clients clean

$(STAMP): pyproject.toml requirements.lock
	@command -v $(PY) >/dev/null || { echo "Python 3.11+ is needed ($(PY) not found)"; exit 1; }
	@[ -x $(BIN)/python ] || $(PY) -m venv $(VENV)
	$(BIN)/pip install -q --disable-pip-version-check -c requirements.lock -e '.[dev]'
	@touch $(STAMP)

$(WEB_STAMP): web/package.json web/package-lock.json
	@command -v npm >/dev/null || { echo "Node.js 18+ with npm is needed (npm not found)"; exit 1; }
	cd web && npm ci --no-audit --no-fund --loglevel=error
	@touch $(WEB_STAMP)

install: $(STAMP) $(WEB_STAMP) ## Python dependencies into .venv (requirements.lock) and web/ packages (package-lock.json); cached by pip and npm

run: install ## Serve the API on http://127.0.0.1:8000 (starts a local Neo4j unless NEO4J_URI is set)
	@if [ -z "$$NEO4J_URI" ] && ! grep -qs '^NEO4J_URI=..*' .env; then scripts/neo4j.sh start; fi
	$(BIN)/uvicorn app.main:create_app --factory --host $(HOST) --port $(PORT) --no-access-log \
		--workers $(RELMAP_WORKERS)

# `make run` in its own process group (set -m), the seeder beside it; Ctrl-C or a failed seeding
# stops the whole group (the local Neo4j keeps running, as after `make run`).
demo: install ## make run, and an empty database first gets a demo network (README: "A first tour")
	@set -m; $(MAKE) --no-print-directory run & server=$$!; \
	trap 'kill -TERM -- -$$server 2>/dev/null; wait $$server; exit 130' INT TERM; \
	if ! $(BIN)/python -m demo.seed --url http://$(HOST):$(PORT) --server-pid $$server --wait 1200; then \
		kill -TERM -- -$$server 2>/dev/null; wait $$server; exit 1; \
	fi; \
	wait $$server

.PHONY: browser
browser: ## Debian's chromium for the browser tests (tests/browser), with apt-get when missing
	scripts/browser.sh

test: install browser ## Lint, type-check and run the whole suite against a real Neo4j
	$(BIN)/ruff check app tests bench demo
	$(BIN)/mypy app tests demo bench
	$(MAKE) --no-print-directory check-install
	$(BIN)/pytest -q

# What the Docker image does, outside Docker: the files the Dockerfile copies, installed (not
# editable) with the runtime dependencies alone into a fresh venv, then imported from outside
# the checkout, create_app() built, and uvicorn started and asked for /health.
define CHECK_INSTALL_PY
import os, socket, subprocess, sys, time, urllib.request
import app, app.main
from app.db.queries import CYPHER_DIR, QueryRegistry
assert "site-packages" in app.__file__, f"app imported from {app.__file__}, not the install"
print(f"app.main imports; {len(QueryRegistry.load())} statements from {CYPHER_DIR}")
app.main.create_app()
with socket.socket() as s:
    s.bind(("127.0.0.1", 0)); port = s.getsockname()[1]
cmd = [sys.executable, "-m", "uvicorn", "app.main:create_app", "--factory", "--port", str(port)]
env = {**os.environ, "NEO4J_URI": os.environ.get("NEO4J_URI", "bolt://127.0.0.1:9")}
proc = subprocess.Popen(cmd + ["--log-level", "warning"], env=env)
try:
    for _ in range(100):
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=2) as r:
                assert r.status == 200, r.status
                print("uvicorn serves /health:", r.read().decode()); break
        except OSError:
            assert proc.poll() is None, "uvicorn exited"; time.sleep(0.2)
    else:
        sys.exit("uvicorn did not answer /health in 20 s")
finally:
    proc.terminate(); proc.wait(10)
endef
export CHECK_INSTALL_PY

check-install: ## A clean, non-editable install of the runtime dependencies imports and serves the app
	@set -e; tmp=$$(mktemp -d); trap 'rm -rf "$$tmp"' EXIT; \
	mkdir "$$tmp/src"; cp -r pyproject.toml setup.py README.md app cypher "$$tmp/src/"; \
	find "$$tmp/src" -name __pycache__ -prune -exec rm -rf {} +; \
	$(PY) -m venv "$$tmp/venv"; \
	"$$tmp/venv/bin/pip" install -q --disable-pip-version-check -c requirements.lock "$$tmp/src"; \
	cd "$$tmp" && "$$tmp/venv/bin/python" -c "$$CHECK_INSTALL_PY"

db-up: ## Start the local Neo4j (downloads it from Maven Central the first time)
	scripts/neo4j.sh start

db-down: ## Stop the local Neo4j
	scripts/neo4j.sh stop

db-wipe: ## Stop the local Neo4j and delete its data
	scripts/neo4j.sh wipe

db-status:
	@scripts/neo4j.sh status

load: install ## First load of an EMPTY local Neo4j through its offline importer: make load FILE=<import JSON, or a directory of <entity>.json|jsonl|csv>
	@[ -n "$(FILE)" ] || { echo "make load FILE=<file or directory> (the rows POST /v1/import takes)"; exit 2; }
	$(BIN)/python -m app.imports.bulk_load "$(FILE)" $(LOAD_ARGS)

lint: install
	$(BIN)/ruff check app tests bench demo
	$(BIN)/ruff format --check app tests bench demo

typecheck: install
	$(BIN)/mypy app tests demo bench

clients: install ## A Python client and TypeScript types generated from the OpenAPI document, in build/clients (tests/clients/ does it too)
	$(BIN)/python -m tests.clients.generate build/clients

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
