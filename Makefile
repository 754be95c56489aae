# PTĐV — the two commands are `make run` and `make test` (see README.md).
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell cksum pyproject.toml | cut -d' ' -f1)
HOST ?= 127.0.0.1:8000
# The demo logins work with the password alone; `make run PTDV_TWO_FACTOR=1`
# requires two-step verification as a province server does (docs/security.md).
PTDV_TWO_FACTOR ?= 0
# The suite runs on every core (pytest-xdist), one test file per worker at a time.
TEST_WORKERS ?= auto

.PHONY: install system-deps run test lint check messages i18n-check bench clean

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

install: $(STAMP)

# Chromium, Pango, fonts and gettext from Debian when missing (as root), or
# the exact apt-get line to run (otherwise).
system-deps:
	bash scripts/system-deps.sh

# A local trial: debug mode, the trial's secret key, files under media/.
run: install
	DJANGO_DEBUG=1 $(PY) manage.py migrate --noinput
	DJANGO_DEBUG=1 $(PY) manage.py load_demo
	@echo "Mở http://$(HOST)/ — Open http://$(HOST)/"
	DJANGO_DEBUG=1 PTDV_TWO_FACTOR=$(PTDV_TWO_FACTOR) $(PY) manage.py runserver $(HOST)

# PTDV_TEST_TODAY=dd/mm/yyyy runs the whole suite with the clock on that day.
test: install system-deps
	$(VENV)/bin/pytest tests -n $(TEST_WORKERS) --dist loadfile --durations=15

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy .
	$(VENV)/bin/lint-imports

check: install
	$(PY) manage.py makemigrations --check --dry-run
	DJANGO_DEBUG=0 DJANGO_SECRET_KEY=$$(head -c 48 /dev/urandom | base64) \
	  DJANGO_ALLOWED_HOSTS=ptdv.example.org $(PY) manage.py check --deploy --fail-level WARNING

messages: install
	$(PY) manage.py makemessages -l vi --no-obsolete --ignore=.venv --ignore=tests --ignore=bench --ignore=staticfiles
	$(PY) manage.py compilemessages -l vi --ignore=.venv

i18n-check: install
	$(PY) manage.py check_translations

bench: install
	$(PY) bench/bench_tree.py

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles test-results
