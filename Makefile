# One entry point for people and CI: `make run` and `make test`.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
DEMO_PASSWORD ?= moc-demo-2026
export DEMO_PASSWORD

.PHONY: run test lint format migrate seed worker bench e2e-deps clean

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

# Tests run with DEBUG off, as production does, and with a throwaway key.
test: $(VENV)/.installed
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
	SECRET_KEY=bench-only $(BIN)/python bench/monthly_report.py
	SECRET_KEY=bench-only $(BIN)/python bench/catalogue.py
	SECRET_KEY=bench-only $(BIN)/python bench/search.py
	SECRET_KEY=bench-only $(BIN)/python bench/import_programs.py

# Debian's Chromium for the browser tests (tests/e2e skip without it); needs root.
e2e-deps:
	command -v chromium >/dev/null || (apt-get update && apt-get install -y --no-install-recommends chromium)

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache
