# One entry point for people and CI: `make run` and `make test`.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
DEMO_PASSWORD ?= moc-demo-2026
export DEMO_PASSWORD

.PHONY: run test lint format migrate seed worker bench e2e-deps screenshots clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV) || python3 -m venv $(VENV)

$(VENV)/.installed: $(BIN)/python requirements.txt requirements-dev.txt
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@

migrate: $(VENV)/.installed
	DEBUG=1 $(BIN)/python manage.py migrate --noinput

seed: migrate
	DEBUG=1 $(BIN)/python manage.py seed_demo --if-empty --password "$(DEMO_PASSWORD)"

run: seed
	DEBUG=1 $(BIN)/python manage.py runserver $(HOST):$(PORT)

# The browser tests' measuring tools (axe-core, the Nu HTML checker), pinned in package.json.
# Without npm they are left out and those tests skip (fail under CI=true).
node_modules/.installed: package.json package-lock.json
	@if command -v npm >/dev/null; then \
		npm ci --ignore-scripts --no-audit --no-fund --loglevel=error && touch $@; \
	else echo "npm not found: the axe and HTML-checker tests will skip"; fi

node_modules: node_modules/.installed

# Tests run with DEBUG off, as production does, and with a throwaway key.
test: $(VENV)/.installed node_modules
	SECRET_KEY=test-only-secret-key $(BIN)/python manage.py check
	SECRET_KEY=test-only-secret-key $(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	SECRET_KEY=test-only-secret-key MOC_PLAIN_STATIC=1 $(BIN)/pytest $(PYTEST_ARGS)

lint: $(VENV)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(VENV)/.installed
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

worker: $(VENV)/.installed
	$(BIN)/celery -A moc_portal worker -B --loglevel=INFO \
		--scheduler django_celery_beat.schedulers:DatabaseScheduler

# Benchmarks print ratios from one run; they are not part of `make test`.
bench: $(VENV)/.installed
	bench/run
	SECRET_KEY=bench-only $(BIN)/python bench/search.py


# Debian's Chromium for the browser tests (tests/e2e skip without it); needs root.
e2e-deps:
	command -v chromium >/dev/null || (apt-get update && apt-get install -y --no-install-recommends chromium)

# Screenshots for the README (docs/screenshots/): home, catalogue, program; both versions,
# desktop and phone, from the demo data in a real Chromium; each role's staff home and the
# news editor.
screenshots: $(VENV)/.installed
	SECRET_KEY=test-only-secret-key MOC_PLAIN_STATIC=1 SCREENSHOTS_DIR=docs/screenshots \
		$(BIN)/pytest tests/e2e/test_screenshots.py tests/e2e/test_staff_screenshots.py -q

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache node_modules
