# wagewatch: the README's commands. Needs only Python 3.11+ on the machine.
PYTHON ?= python3
VENV := .venv
HOST ?= 127.0.0.1
PORT ?= 5000
WORKERS ?= 2
# Seconds a request may take before gunicorn restarts its worker; long work (exports) runs in
# background jobs, not in the request.
TIMEOUT ?= 60
FLASK := $(VENV)/bin/flask --app wsgi
# Access log without query strings: searches may carry ID numbers (security.md item 13).
ACCESS_LOG_FORMAT := %(h)s %(t)s "%(m)s %(U)s" %(s)s %(B)s %(M)sms

.PHONY: run test setup demo clean-venv

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
	$(VENV)/bin/gunicorn --workers $(WORKERS) --timeout $(TIMEOUT) --graceful-timeout 30 \
		--bind $(HOST):$(PORT) \
		--access-logfile - --access-logformat '$(ACCESS_LOG_FORMAT)' wsgi:app

## demo: set up, then add 200 deterministic demo cases (seed 1) to the default office
demo: setup
	$(FLASK) demo seed --cases 200 --seed 1

## test: install the test tools and run the whole suite
test: $(VENV)/.installed-dev
	$(VENV)/bin/python -m pytest $(PYTEST_ARGS)

clean-venv:
	rm -rf $(VENV)
