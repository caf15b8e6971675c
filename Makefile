# Luoshi — everyday commands. `make run` for the demo, `make test` for the suite.
#
# The virtualenv is made on first use and reinstalled only when pyproject.toml
# changes (the stamp file records the last install).

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
MANAGE := $(BIN)/python manage.py
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_ARGS ?=
# The PostgreSQL pass: pytest-django creates (and drops) test_<name> itself,
# so this database need not exist; the role must be allowed to create databases.
LUOSHI_TEST_DATABASE_URL ?= postgresql://root@127.0.0.1:5432/luoshi_test

.DEFAULT_GOAL := help
.PHONY: help install setup run test test-pg lint check clean

help:
	@echo "make run       set up and serve the demo at http://$(HOST):$(PORT)"
	@echo "make test      run the test suite on SQLite"
	@echo "make test-pg   run the test suite on PostgreSQL ($(LUOSHI_TEST_DATABASE_URL))"
	@echo "make lint      ruff"
	@echo "make check     migration check and the production deploy check"

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

install: $(STAMP)

# The demo runs as production does (DEBUG off, a real WSGI server, static
# files from whitenoise), with the demo personas and sample data loaded.
run: export LUOSHI_DEMO := true
run: export LUOSHI_DEBUG := false
run: $(STAMP)
	$(MANAGE) migrate --noinput
	$(MANAGE) load_regions
	$(MANAGE) load_demo
	@echo "Luoshi is at http://$(HOST):$(PORT)/  (Ctrl-C stops it)"
	@# The job worker reads uploaded documents and sends reminders beside the web server;
	@# it stops with it.
	$(MANAGE) run_jobs & worker=$$!; trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(BIN)/gunicorn luoshi.wsgi:application --bind $(HOST):$(PORT) --workers 2 --threads 4 \
		--access-logfile - --error-logfile -

# SQLite, whatever LUOSHI_DATABASE_URL says in the caller's shell.
test: $(STAMP)
	env -u LUOSHI_DATABASE_URL $(BIN)/pytest $(PYTEST_ARGS)

test-pg: $(STAMP)
	LUOSHI_DATABASE_URL=$(LUOSHI_TEST_DATABASE_URL) $(BIN)/pytest $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check .

# The deploy check runs under the settings a production server would have;
# a throwaway key of the right shape stands in for the real one.
check: $(STAMP)
	$(MANAGE) makemigrations --check --dry-run
	LUOSHI_DEBUG=false LUOSHI_HTTPS=true LUOSHI_ALLOWED_HOSTS=luoshi.example.gov.cn \
	LUOSHI_SECRET_KEY="$$($(BIN)/python -c 'import secrets; print(secrets.token_urlsafe(64))')" \
		$(MANAGE) check --deploy --fail-level WARNING

clean:
	rm -rf $(VENV) var/static
