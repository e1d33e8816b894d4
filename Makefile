# Chenzhou storefront: `make run` serves the demo shop, `make test` runs every test.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app wsgi
HOST ?= 127.0.0.1
PORT ?= 5000

.PHONY: install run serve test test-fast browser-deps translations lint clean \
	benchmark-sqlite benchmark-postgresql benchmark-cpu-sqlite benchmark-cpu-postgresql

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

clean:
	rm -rf $(VENV) instance/*.sqlite3* .pytest_cache
