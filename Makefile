# Chenzhou storefront: `make run` serves the demo shop, `make test` runs every test.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app wsgi
HOST ?= 127.0.0.1
PORT ?= 5000

.PHONY: install run serve test test-fast browser-deps translations lint clean \
	benchmark-sqlite benchmark-postgresql benchmark-cpu-sqlite benchmark-cpu-postgresql \
	bench-deps benchmark-production benchmark-production-faults benchmark-two-instances \
	benchmark-webhooks benchmark-mail-outage benchmark-dispatch-kill

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

install: $(BIN)/python
	$(BIN)/pip install --quiet -e '.[test]'
	$(FLASK) translations compile >/dev/null

run: install
	$(FLASK) db upgrade
	$(FLASK) demo load
	$(FLASK) demo orders --count 6 --seed 2026 --if-none
	$(FLASK) demo orders --count 3 --channel bonded --seed 2026 --if-none
	$(FLASK) customs keys
	FLASK="$(FLASK)" HOST=$(HOST) PORT=$(PORT) scripts/serve-demo

browser-deps:
	@scripts/ensure-chromium
	@scripts/ensure-axe

test: lint browser-deps
	$(BIN)/python -m pytest

test-fast: install
	$(BIN)/python -m pytest -m "not browser" -x -q

translations: install
	$(FLASK) translations extract
	$(FLASK) translations update

lint: install
	$(BIN)/ruff check storefront catalog tests benchmarks
	$(BIN)/ruff format --check --quiet storefront catalog tests benchmarks
	$(BIN)/lint-imports --no-cache

# Load benchmarks (benchmarks/README.md): a bare Flask app and the shop in one run, 10,000
# generated products, wrk when installed; the CPU ones measure CPU per request in process.
benchmark-sqlite: install
	$(BIN)/python benchmarks/storefront_load.py --database sqlite

benchmark-postgresql: install
	$(BIN)/python benchmarks/storefront_load.py --database postgresql

benchmark-cpu-sqlite: install
	$(BIN)/python benchmarks/storefront_cpu.py --database sqlite

benchmark-cpu-postgresql: install
	$(BIN)/python benchmarks/storefront_cpu.py --database postgresql

# The production shape (benchmarks/README.md, "Production shape"): gunicorn as deploy/ runs it,
# PostgreSQL (a private cluster of the run's own: initdb, as the postgres user) and Redis.
bench-deps: install
	$(BIN)/pip install --quiet -e '.[test,bench]'

benchmark-production: bench-deps
	$(BIN)/python benchmarks/production_load.py --workers 4 --clients 64 --seconds 60

benchmark-production-faults: bench-deps
	$(BIN)/python benchmarks/production_load.py --workers 4 --clients 64 --seconds 60 \
		--restart-postgres-at 20

benchmark-two-instances: bench-deps
	$(BIN)/python benchmarks/two_instances.py

benchmark-webhooks: bench-deps
	$(BIN)/python benchmarks/webhook_replay.py --events 1000

benchmark-mail-outage: bench-deps
	$(BIN)/python benchmarks/mail_outage.py --messages 1000 --outage-seconds 60

benchmark-dispatch-kill: bench-deps
	$(BIN)/python benchmarks/customs_dispatch.py --count 10000 --workers 2 --kill-one-after 2000 \
		--database private

clean:
	rm -rf $(VENV) instance/*.sqlite3* .pytest_cache
