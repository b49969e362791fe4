# The two commands a newcomer needs: `make run` and `make test` (see README).
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV := .venv
PY := $(VENV)/bin/python
UV := .tools/bin/uv
PORT ?= 8000
MANAGE := $(PY) manage.py

# Django 6 needs Python >= 3.12: the first suitable interpreter among the usual places.
PYTHON ?= $(shell for candidate in python3.13 python3.12 $$HOME/.pyenv/versions/3.13*/bin/python $$HOME/.pyenv/versions/3.12*/bin/python python3; do \
	  if command -v $$candidate >/dev/null 2>&1 && $$candidate -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null; then command -v $$candidate; break; fi; done)

.PHONY: help run stop test setup lint check translations messages browser varnish audit bench load clean

help:
	@echo "make run    set everything up and serve the site on http://127.0.0.1:$(PORT)/"
	@echo "make test   set everything up and run every check and the whole test suite"
	@echo "make stop   stop the local PostgreSQL that make run started (its data stays in .pgdata/)"
	@echo "make clean  stop it and delete .venv, .tools, staticfiles and the local database"
	@echo "make browser  install what the browser tests need (chromium, Java, the HTML validator, Redis)"
	@echo "make bench  measure the production stack (gunicorn + PostgreSQL) on loopback"
	@echo "make load   sustained load, then PostgreSQL, e-mail and disk faults (loopback, root)"

$(UV):
	@if [ -z "$(PYTHON)" ]; then echo "No Python >= 3.12 found. Install Python 3.12 or 3.13 (e.g. apt-get install python3.12, or pyenv install 3.12), or run: make PYTHON=/path/to/python3.12 ..." >&2; exit 1; fi
	$(PYTHON) -m venv .tools
	.tools/bin/pip install --quiet uv

$(VENV)/.installed: pyproject.toml uv.lock | $(UV)
	UV_PYTHON_DOWNLOADS=never UV_PROJECT_ENVIRONMENT=$(VENV) $(UV) sync --frozen --python $(PYTHON)
	touch $@

setup: $(VENV)/.installed
	SECRET_KEY=build $(MANAGE) compilemessages --ignore '.*' --ignore node_modules -v0

# Without DATABASE_URL the first query starts the checkout's PostgreSQL in .pgdata/
# (pole_artois/localdb); it keeps running after the server stops, until `make stop`.
# The task worker (e-mails) runs beside the server and stops with it (the trap).
run: setup
	DEBUG=true $(MANAGE) migrate --no-input
	DEBUG=true $(MANAGE) load_demo
	export DEBUG=true SITE_URL=$${SITE_URL:-http://127.0.0.1:$(PORT)}; \
	  $(MANAGE) db_worker --no-reload --queue-name '*' & worker=$$!; \
	  trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT; \
	  $(MANAGE) runserver 127.0.0.1:$(PORT)

# The browser tests need Debian's chromium, and Java for the HTML validator (vnu.jar from npm,
# pinned in package-lock.json; its install script, which downloads a Java runtime, is skipped),
# and Redis, one of the caches the rate limits are tested on (tests/security/test_rate_limits.py),
# and Varnish, which runs deploy/varnish/pole.vcl in front of the app (tests/performance/test_varnish.py).
browser: node_modules/.installed varnish
	@command -v chromium >/dev/null 2>&1 || { echo "Installing Debian's chromium for the browser tests"; \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
	  || { echo "Could not install chromium: run 'apt-get install chromium' as root." >&2; exit 1; }; }
	@command -v java >/dev/null 2>&1 || { echo "Installing Debian's Java for the HTML validator"; \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq default-jre-headless >/dev/null) \
	  || { echo "Could not install Java: run 'apt-get install default-jre-headless' as root." >&2; exit 1; }; }
	@command -v redis-server >/dev/null 2>&1 || { echo "Installing Debian's redis-server for the rate-limit tests"; \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server >/dev/null) \
	  || { echo "Could not install Redis: run 'apt-get install redis-server' as root." >&2; exit 1; }; }

node_modules/.installed: package.json package-lock.json
	@command -v npm >/dev/null 2>&1 || { echo "npm is missing: install Node.js (apt-get install nodejs npm)." >&2; exit 1; }
	npm ci --ignore-scripts --no-audit --no-fund
	touch $@

lint: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

check: setup
	SECRET_KEY=check $(MANAGE) check --fail-level WARNING
	SECRET_KEY=check $(MANAGE) makemigrations --check --dry-run

translations: setup
	SECRET_KEY=check $(MANAGE) check_translations

messages: setup
	SECRET_KEY=messages $(MANAGE) makemessages -l fr --no-location --no-obsolete --no-wrap --ignore '.*' --ignore node_modules --ignore staticfiles --ignore media

# Fails on a known vulnerability; offline (no vulnerability service), says so loudly and passes.
audit: setup
	UV_PROJECT_ENVIRONMENT=$(VENV) $(UV) export --frozen --no-emit-project --quiet --format requirements-txt -o $(VENV)/audited-requirements.txt
	SECRET_KEY=check $(MANAGE) audit_dependencies $(VENV)/audited-requirements.txt

test: setup browser lint check translations audit
	$(PY) -m pytest

# Both start their own PostgreSQL and gunicorn on 127.0.0.1, and stop within a few minutes.
# The bench also runs Debian's varnishd on loopback in front of gunicorn (tests/bench/varnish.py).
bench: setup varnish
	$(PY) tests/bench/bench.py

# Debian's varnish, for the VCL's tests (make browser) and the bench's run behind Varnish.
varnish:
	@command -v varnishd >/dev/null 2>&1 || test -x /usr/sbin/varnishd || { echo "Installing Debian's varnish"; \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq varnish >/dev/null) \
	  || { echo "Could not install Varnish: run 'apt-get install varnish' as root." >&2; exit 1; }; }

load: setup
	$(PY) tests/bench/loadtest.py

stop:
	@if [ -x $(PY) ]; then $(PY) -m pole_artois.localdb stop; fi

clean: stop
	@echo "Deleting .venv/ .tools/ staticfiles/ and .pgdata/ (the local database and all its content)"
	rm -rf $(VENV) .tools staticfiles .pgdata
