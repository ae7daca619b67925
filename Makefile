# Two commands: `make run` serves the demo, `make test` runs the whole suite (see README.md).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app wsgi
PORT ?= 5000

.PHONY: run test test-thorough deps dev-deps translations compile-translations bench loadtest screenshots clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.deps: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev-deps: requirements.txt requirements-dev.txt tests/schedule/icaljs/package.json tests/browser/axe/package.json | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-dev.txt
	@if command -v npm >/dev/null; then \
		npm install --prefix tests/schedule/icaljs --no-audit --no-fund --silent && \
		npm ci --prefix tests/browser/axe --no-audit --no-fund --silent; \
	else echo "npm not found: the ical.js feed test and the axe-core accessibility test will be skipped"; fi
	touch $@ $(VENV)/.deps

deps: $(VENV)/.deps
dev-deps: $(VENV)/.dev-deps

compile-translations: $(VENV)/.deps
	$(BIN)/pybabel compile --use-fuzzy -d translations --statistics 2>&1 | tail -n 3

run: deps compile-translations
	$(FLASK) db upgrade
	$(FLASK) demo seed
	$(FLASK) run --host 127.0.0.1 --port $(PORT)

# ruff, then the suite on SQLite and, when TEST_DATABASE_URL is set, on PostgreSQL, one after the
# other (TEST_SIDE_BY_SIDE=1: at once), each over TEST_WORKERS processes; the time of each phase
# is printed at the end (scripts/test_phases.py). Property tests draw the CI budget.
TEST_WORKERS ?= 2
TEST_SIDE_BY_SIDE ?= 0
test: dev-deps compile-translations
	TEST_WORKERS=$(TEST_WORKERS) TEST_SIDE_BY_SIDE=$(TEST_SIDE_BY_SIDE) $(BIN)/python -m scripts.test_phases

# Before a release: the same with the thorough Hypothesis profile (every property test, the
# approval state machine, schemathesis and the fuzz harness at full budget).
test-thorough: dev-deps compile-translations
	HYPOTHESIS_PROFILE=thorough FUZZ_EXAMPLES=25 TEST_WORKERS=$(TEST_WORKERS) TEST_SIDE_BY_SIDE=$(TEST_SIDE_BY_SIDE) \
		$(BIN)/python -m scripts.test_phases

translations: dev-deps
	$(BIN)/pybabel extract -F babel.cfg -k _l -k lazy_gettext -k lazy_pgettext:1c,2 -o messages.pot --no-location --sort-output --omit-header .
	$(BIN)/pybabel update -i messages.pot -d translations --no-fuzzy-matching --ignore-obsolete
	$(BIN)/pybabel compile -d translations --statistics

bench: dev-deps compile-translations
	$(BIN)/python -m bench

# gunicorn on PostgreSQL (127.0.0.1:5432, user postgres) under concurrent clients for 60 s.
loadtest: dev-deps compile-translations
	$(BIN)/python -m scripts.loadtest

# PNGs of the main pages in English and Russian (needs Debian's chromium and chromium-driver).
screenshots: dev-deps compile-translations
	$(BIN)/python -m scripts.screenshots

clean:
	rm -rf $(VENV) instance/planner.db
