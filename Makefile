# Learning Hour: `make run` serves the app, `make test` runs the whole suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app wsgi
HOST ?= 127.0.0.1
PORT ?= 5000
STAMP := $(VENV)/.installed
# Exact versions with their hashes (`make lock` refreshes them from pyproject.toml): the same
# install on every machine and in CI. requirements.lock is the production set.
LOCK := requirements-test.lock
UV := uv==0.9.30

.PHONY: run test bench install lint clean translations lock

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(STAMP): $(BIN)/python pyproject.toml $(LOCK)
	$(BIN)/pip install --quiet --require-hashes -r $(LOCK)
	$(BIN)/pip install --quiet --no-deps -e .
	touch $(STAMP)

lock: $(BIN)/python
	$(BIN)/pip install --quiet "$(UV)"
	$(BIN)/uv pip compile pyproject.toml --generate-hashes --python-version 3.11 --quiet \
		-o requirements.lock
	$(BIN)/uv pip compile pyproject.toml --extra test --extra bench --generate-hashes --python-version 3.11 \
		--quiet -c requirements.lock -o requirements-test.lock

install: $(STAMP)

run: $(STAMP)
	$(FLASK) db upgrade
	$(FLASK) seed-demo --if-empty
	$(FLASK) run --host $(HOST) --port $(PORT)

# One worker per core (pytest-xdist); on PostgreSQL each worker gets a database of its own.
TEST_JOBS ?= auto

test: $(STAMP)
	$(BIN)/python -m pytest -n $(TEST_JOBS) $(PYTEST_ARGS)

bench: $(STAMP)
	$(BIN)/python -m bench

# Server texts (errors, push messages, spreadsheet headers): extract, update sv and nb, compile.
translations: $(STAMP)
	$(BIN)/pybabel extract -F babel.cfg -k _l -k N_ -k lazy_gettext --no-location --sort-output \
		--project learning-hour -o server/translations/messages.pot .
	$(BIN)/pybabel update -i server/translations/messages.pot -d server/translations --width 120 \
		--ignore-obsolete --no-fuzzy-matching
	$(BIN)/pybabel compile -d server/translations --statistics

# The code's habits: ruff's checks and its formatter (`ruff format` over the same paths mends the latter).
LINT_PATHS := server tests bench migrations docs wsgi.py

lint: $(STAMP)
	$(BIN)/ruff check $(LINT_PATHS)
	$(BIN)/ruff format --check $(LINT_PATHS)

clean:
	rm -rf $(VENV) .pytest_cache
