# The two set-up commands of the README: `make demo` and `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1:8000

.PHONY: demo test lint

$(VENV)/.installed: pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed
	$(PY) -m pip install --quiet -e '.[test]'
	touch $@

# The demo runs a scheduler beside the web server: production's periodic tasks (beat's
# CELERY_BEAT_SCHEDULE, via `manage.py run_schedule`); it stops when the web server does.
# Its e-mails go to files under var/demo-mail/ (fixtures/demo_mail.py), not to the console;
# its links point at HOST. `make demo HOST=0.0.0.0:8001` serves on another address or port.
demo: export EMAIL_BACKEND ?= fixtures.demo_mail.EmailBackend
demo: export SITE_URL ?= http://$(HOST)
demo: $(VENV)/.installed
	bash scripts/install_system_packages.sh
	$(PY) manage.py compilemessages --ignore=$(VENV) -v0
	$(PY) manage.py migrate --no-input -v0
	LOG_LEVEL=WARNING $(PY) manage.py load_demo
	$(PY) manage.py run_schedule & scheduler=$$!; \
	trap 'kill $$scheduler 2>/dev/null' EXIT INT TERM; \
	$(PY) manage.py runserver $(HOST)

test: $(VENV)/.installed-test
	bash scripts/install_system_packages.sh --test
	$(PY) manage.py compilemessages --ignore=$(VENV) -v0
	$(PY) scripts/run_tests.py $(ARGS)

lint: $(VENV)/.installed-test
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
