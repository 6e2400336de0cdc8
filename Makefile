# Mutuals Portal: the project's commands. `make run` and `make test` work on a fresh machine
# with Python 3.11+ and Node.js/npm; system packages are installed when running as root
# with apt, otherwise the exact command to run is printed.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_ARGS ?=
BACKUP_DIR ?= var/backups

# pango for WeasyPrint; libharfbuzz-subset0 makes its font subsetting about 2.7x faster.
APT_RUN := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-liberation
# Debian's Chromium for the real-browser tests (a test tool's own browser download fails here);
# poppler-utils (pdftotext) for the tests that read generated PDFs.
APT_TEST := $(APT_RUN) chromium poppler-utils

.PHONY: help run test lint format migrations-check ci install install-dev frontend system-deps-run system-deps-test bench backup restore faults

help:
	@echo "make run    start the portal (web + Celery worker) with demo data on http://$(HOST):$(PORT)/"
	@echo "make test   run the whole test suite (SQLite, or PostgreSQL when DATABASE_URL is set)"
	@echo "make lint   ruff check"
	@echo "make bench  load-test on PostgreSQL at scale and check the performance budgets (about 6 minutes)"
	@echo "make backup [BACKUP_DIR=var/backups]   pg_dump DATABASE_URL to a timestamped file"
	@echo "make restore DUMP=<file> DB=<new database>   restore a dump into a new, empty database"
	@echo "make faults break a private PostgreSQL, Redis and Celery worker on purpose and check the portal recovers"

define ensure_apt
	@missing=""; for pkg in $(1); do dpkg -s $$pkg >/dev/null 2>&1 || missing="$$missing $$pkg"; done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "Installing system packages:$$missing"; \
	    DEBIAN_FRONTEND=noninteractive apt-get update -qq && \
	    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
	  else \
	    echo "Missing system packages:$$missing"; \
	    echo "Install them with:  sudo apt-get install -y$$missing"; \
	    $(2) \
	  fi; \
	fi
endef

system-deps-run:
	$(call ensure_apt,$(APT_RUN),echo "(PDF packs will not render until they are installed)";)

system-deps-test:
	$(call ensure_apt,$(APT_TEST),exit 1;)

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

$(VENV)/.deps: requirements.txt | $(BIN)/python
	$(BIN)/pip install -q -r requirements.txt
	@touch $@

$(VENV)/.deps-dev: requirements-dev.txt $(VENV)/.deps
	$(BIN)/pip install -q -r requirements-dev.txt
	@touch $@

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error

install: $(VENV)/.deps frontend
install-dev: $(VENV)/.deps-dev frontend
frontend: node_modules/.package-lock.json

run: system-deps-run install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_demo
	@echo ""
	@echo "Mutuals Portal is starting on http://$(HOST):$(PORT)/ with a Celery worker (Ctrl+C stops both)."
	@echo "Demo accounts (password demo-pass-2026), all @demo.test: lead member lead2 lead3 officer officer2 adviser body friends admin"
	@echo ""
	@trap 'kill 0' INT TERM EXIT; \
	$(BIN)/celery -A mutuals_portal worker --beat --loglevel INFO --concurrency 1 & \
	$(PY) manage.py runserver $(HOST):$(PORT)

# The suite, with coverage: it fails below the floor in pyproject.toml ([tool.coverage.report]).
test: system-deps-test install-dev
	$(BIN)/pytest --cov --cov-report=term:skip-covered $(PYTEST_ARGS)

# Lint, formatting and types (mypy checks lib/, every access.py and services.py: pyproject.toml).
lint: $(VENV)/.deps-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

format: $(VENV)/.deps-dev
	$(BIN)/ruff format .

# The benchmark (bench/README.md): PostgreSQL on this machine, wrk as the load generator.
APT_BENCH := $(APT_RUN) wrk postgresql-client

bench: install-dev
	$(call ensure_apt,$(APT_BENCH),exit 1;)
	$(PY) -m bench.run

migrations-check: $(VENV)/.deps
	$(PY) manage.py makemigrations --check --dry-run

# Fault checks on a private stack (its own PostgreSQL cluster and redis-server on spare ports; the
# machine's are not touched): database restart under load, Redis down, workers killed mid-render.
APT_FAULTS := $(APT_RUN) postgresql redis-server

faults: install
	$(call ensure_apt,$(APT_FAULTS),exit 1;)
	$(PY) scripts/faults.py $(FAULTS_ARGS)

ci: lint migrations-check test

# Backup and restore of the PostgreSQL database (see README, "Backup and restore").
backup:
	scripts/backup.sh "$(BACKUP_DIR)"

restore:
	@if [ -z "$(DUMP)" ] || [ -z "$(DB)" ]; then \
	  echo "usage: make restore DUMP=var/backups/<database>-<time>.dump DB=<new database name>"; exit 2; fi
	scripts/restore.sh "$(DUMP)" "$(DB)"
