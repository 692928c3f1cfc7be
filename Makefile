# Every target creates or reuses the virtual environment in .venv by itself.
PYTHON ?= python3.11
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
VENV := .venv
PY := $(VENV)/bin/python
RUNTIME := $(VENV)/.runtime-installed
DEV := $(VENV)/.dev-installed
DEMO := data/demo/articles.jsonl
DEMO_STORE := data/artifacts/demo

.PHONY: run build test check lint format bench loadtest screenshots redteam clean

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(RUNTIME): requirements.txt | $(VENV)/bin/python
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(DEV): requirements.txt requirements-dev.txt $(RUNTIME)
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

# The optional Ray engine: its test runs in the suite, so the test set-up installs it.
RAY := $(VENV)/.ray-installed
$(RAY): requirements-ray.txt $(RUNTIME)
	$(PY) -m pip install --quiet -r requirements-ray.txt
	touch $@

# Browser tests and screenshots use Debian's Chromium with Arabic fonts (no browser download).
BROWSER := $(VENV)/.browser-installed
$(BROWSER):
	command -v chromium >/dev/null && fc-list | grep -q "Noto Naskh Arabic" || \
	  ( $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq chromium fonts-noto-core )
	touch $@

$(DEMO_STORE)/manifest.json: $(DEMO) $(RUNTIME)
	$(PY) -m dashboard build --corpus $(DEMO) --out $(DEMO_STORE)

## build: build the demo corpus's artifacts (skipped when they are up to date)
build: $(DEMO_STORE)/manifest.json

## run: set up, build the demo if needed, serve the dashboard on http://localhost:8501
run: build
	$(PY) -m dashboard serve --store $(DEMO_STORE) --port 8501

## test: set up and run the whole test suite (the 30 slowest tests listed at the end)
test: $(DEV) $(RAY) $(BROWSER)
	$(PY) -m pytest --durations=30

## check: what CI runs: lint, then the tests
check: lint test

lint: $(DEV)
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

format: $(DEV)
	$(PY) -m ruff check --fix .
	$(PY) -m ruff format .

## bench: every benchmark (or BENCH="build ingest"), printed and written to bench/results/
bench: $(DEV) $(RAY)
	$(PY) -m bench $(BENCH)

## loadtest: 20 browser users for two minutes against a loopback server on the 31K store
loadtest: $(DEV) $(BROWSER)
	$(PY) -m bench load

## screenshots: full-page screenshots of every page on the demo corpus (needs Debian's chromium)
screenshots: $(DEV) $(BROWSER) build
	$(PY) scripts/screenshots.py --store $(DEMO_STORE) --out screenshots

clean:
	rm -rf $(DEMO_STORE) .pytest_cache

## redteam: hostile and careless uses run through the real command line, as a pass/fail table
redteam: build
	$(PY) scripts/redteam.py --store $(DEMO_STORE)
