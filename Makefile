# Two commands matter: `make run` and `make test`. The rest are the steps they are built from.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
STAMP := $(VENV)/.installed

.DEFAULT_GOAL := help
.PHONY: help run test test-postgres test-e2e lint format migrate content serve worker periodic check-deploy bench clean

help:
	@echo "make run    set up and run the site on SQLite at http://127.0.0.1:8000"
	@echo "make test   set up and run the whole test suite"
	@echo "make lint   ruff, formatting and migrations checks"
	@echo "make serve  run the production settings locally with gunicorn (for benchmarks)"
	@echo "make bench  measure static files, pages (cached and not), the contact form and Varnish with wrk"

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' || \
		{ echo "Python 3.11 or newer is needed; '$(PYTHON)' is $$($(PYTHON) --version 2>&1). Run: make PYTHON=python3.12 ..." >&2; exit 1; }
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	@touch $(STAMP)

install: $(STAMP)

migrate: $(STAMP)
	$(MANAGE) migrate --noinput

content: migrate
	$(MANAGE) load_initial_content

# Runs the task worker, the periodic jobs and the development server; Ctrl-C stops all three.
run: content
	@$(MANAGE) create_local_admin
	@echo ""
	@echo "  The site:  http://127.0.0.1:8000/"
	@echo "  The admin: http://127.0.0.1:8000/admin/"
	@echo "  Press Ctrl-C to stop the server, the task worker and the periodic jobs."
	@echo ""
	@trap 'kill 0' INT TERM EXIT; \
	$(MANAGE) db_worker --no-reload & \
	$(MAKE) --no-print-directory periodic & \
	$(MANAGE) runserver 127.0.0.1:8000

# What cron or a systemd timer runs in production (see README): scheduled publishing and upkeep.
periodic: $(STAMP)
	@while true; do \
		$(MANAGE) publish_scheduled >/dev/null; \
		$(MANAGE) send_pending_inquiry_notifications >/dev/null; \
		sleep 60; \
	done

test: $(STAMP)
	$(BIN)/pytest $(PYTEST_ARGS)

# Only the browser tests (Debian's Chromium; screenshots land in ci-artifacts/screenshots/).
test-e2e: $(STAMP)
	$(BIN)/pytest -m e2e $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(MANAGE) makemigrations --check --dry-run

format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

check-deploy: $(STAMP)
	DJANGO_SETTINGS_MODULE=practice.settings.production \
	SECRET_KEY=$${SECRET_KEY:-check-deploy-$$(od -An -N32 -tx1 /dev/urandom | tr -d ' \n')} \
	INQUIRY_ENCRYPTION_KEYS=$${INQUIRY_ENCRYPTION_KEYS:-$$($(BIN)/python -c 'from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())')} \
	INQUIRY_INDEX_KEYS=$${INQUIRY_INDEX_KEYS:-$$(od -An -N32 -tx1 /dev/urandom | tr -d ' \n')} \
	ALLOWED_HOSTS=$${ALLOWED_HOSTS:-practice.example} \
	$(BIN)/python manage.py check --deploy --fail-level WARNING

# Production settings on this machine over plain HTTP, with a throwaway key unless one is set.
serve: content
	@export DJANGO_SETTINGS_MODULE=practice.settings.production \
		SECRET_KEY="$${SECRET_KEY:-$$(od -An -N48 -tx1 /dev/urandom | tr -d ' \n')}" \
		INQUIRY_ENCRYPTION_KEYS="$${INQUIRY_ENCRYPTION_KEYS:-$$($(BIN)/python -c 'from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())')}" \
		INQUIRY_INDEX_KEYS="$${INQUIRY_INDEX_KEYS:-$$(od -An -N32 -tx1 /dev/urandom | tr -d ' \n')}" \
		ALLOWED_HOSTS="$${ALLOWED_HOSTS:-127.0.0.1,localhost}" \
		SECURE_SSL_REDIRECT="$${SECURE_SSL_REDIRECT:-false}"; \
	$(BIN)/python manage.py collectstatic --noinput >/dev/null && \
	echo "Serving production settings at http://$${GUNICORN_BIND:-127.0.0.1:8000}/" && \
	exec $(BIN)/gunicorn -c practice/gunicorn.py

# Throwaway sites on SQLite and PostgreSQL under gunicorn, measured with wrk (bench/run.py).
# BENCH_DATABASE_URL and BENCH_REDIS_URL pick the servers; BENCH_ARGS="--help" lists the options.
bench: $(STAMP)
	$(BIN)/python bench/run.py $(BENCH_ARGS)

clean:
	rm -rf $(VENV) var .pytest_cache .ruff_cache
