# wagewatch: the README's commands. Needs only Python 3.11+ on the machine.
PYTHON ?= python3
VENV := .venv
HOST ?= 127.0.0.1
PORT ?= 5000
# gunicorn: WORKERS processes of THREADS request threads each (gthread); each process keeps
# THREADS database connections open (benchmarks/README.md: "Fifty clerks at once"). Three
# processes on two cores: requests mostly wait on PostgreSQL, and a third process's Python runs
# meanwhile (benchmarks/README.md: "Fifty clerks: typed pickers").
WORKERS ?= 3
THREADS ?= 4
# --reuse-port gives each process a listening socket of its own and the kernel spreads new
# connections over them. On one shared socket the process that last waited on it takes most of
# the kept-alive connections opened while the server is quiet (27 of 50 in a benchmark), and its
# users then wait about twice as long as the others (benchmarks/README.md). The pid file keeps a
# second `make run` from joining the first on the same port. Linux only: elsewhere (macOS, the
# BSDs) the flag does not spread connections, so the processes share one socket as before.
REUSE_PORT := $(if $(filter Linux,$(shell uname -s)),--reuse-port,)
# Seconds a request may take before gunicorn restarts its worker; long work (exports) runs in
# background jobs, not in the request.
TIMEOUT ?= 60
# Test processes (pytest-xdist): one per CPU; TEST_WORKERS=0 runs the suite in one process.
TEST_WORKERS ?= auto
FLASK := $(VENV)/bin/flask --app wsgi
# Access log without query strings: searches may carry ID numbers (security.md item 13).
ACCESS_LOG_FORMAT := %(h)s %(t)s "%(m)s %(U)s" %(s)s %(B)s %(M)sms

.PHONY: run worker scheduler test check setup demo clean-venv

$(VENV)/.installed: requirements.txt
	test -x $(VENV)/bin/python || $(PYTHON) -m venv $(VENV)
	$(VENV)/bin/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements-dev.txt $(VENV)/.installed
	$(VENV)/bin/python -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

instance/config.py: | $(VENV)/.installed
	$(VENV)/bin/python -m wagewatch.instance_setup instance

## setup: install, write instance/config.py, migrate the database, create the first administrator
setup: $(VENV)/.installed instance/config.py
	$(FLASK) db upgrade
	$(FLASK) setup

## run: set everything up and serve the app at http://$(HOST):$(PORT) with gunicorn
run: setup
	@echo "wagewatch: http://$(HOST):$(PORT)/"
	DATABASE_POOL_SIZE=$(THREADS) $(VENV)/bin/gunicorn --workers $(WORKERS) \
		--worker-class gthread --threads $(THREADS) --timeout $(TIMEOUT) --graceful-timeout 30 \
		--bind $(HOST):$(PORT) $(REUSE_PORT) --pid instance/gunicorn.pid \
		--access-logfile - --access-logformat '$(ACCESS_LOG_FORMAT)' wsgi:app

## worker: run background jobs from the Redis queue at REDIS_URL (start one or more, beside
## `make run`); without REDIS_URL the web process runs its jobs itself
worker: setup
	$(FLASK) jobs worker

## scheduler: queue the daily jobs at DAILY_JOBS_AT and REMINDERS_AT, China time (run one)
scheduler: setup
	$(FLASK) jobs scheduler

# Today in China: the demo's dates end here.
DEMO_DAY := $(shell TZ=Asia/Shanghai date +%F)

## demo: set up, one account per role (passwords printed once), 200 demo cases up to today,
## flags evaluated, blacklist proceedings at each stage, referrals at each step, supervised cases
demo: setup
	$(FLASK) demo accounts
	$(FLASK) demo seed --cases 200 --seed 1 --anchor $(DEMO_DAY)
	$(FLASK) demo showcase --anchor $(DEMO_DAY)

# axe-core (the browser tests' accessibility checks) from npm, when npm is on the machine.
NODE_TEST_TOOLS := $(if $(shell command -v npm 2>/dev/null),node_modules/.installed)

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --silent
	touch $@

## test: install the test tools and run the whole suite
# Bytecode is cached even where the environment sets PYTHONDONTWRITEBYTECODE: without the cache
# every test process rewrites the assertions of every test module again (about 6 s each) and every
# server or worker process a test starts compiles the app again.
test: $(VENV)/.installed-dev $(NODE_TEST_TOOLS)
	env -u PYTHONDONTWRITEBYTECODE $(VENV)/bin/python -m pytest -n $(TEST_WORKERS) --dist worksteal $(PYTEST_ARGS)

## check: lint (ruff) and type-check (mypy) with the settings in pyproject.toml
check: $(VENV)/.installed-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy

clean-venv:
	rm -rf $(VENV)
