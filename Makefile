# Akhbar: `make demo` and `make test` are the two commands of the README.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PG_URL ?= postgres://postgres@127.0.0.1:5432/test
export AKHBAR_DATA_DIR ?= $(CURDIR)/data

.PHONY: install demo test test-sqlite test-postgres lint bench lock messages clean

install: $(STAMP)

# Pinned dependencies from requirements.lock, then the project itself.
$(STAMP): requirements.lock pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $(STAMP)

$(AKHBAR_DATA_DIR)/secret_key:
	mkdir -p $(AKHBAR_DATA_DIR)
	$(BIN)/python -c "import secrets; print(secrets.token_urlsafe(50))" > $@

demo: install $(AKHBAR_DATA_DIR)/secret_key
	AKHBAR_SECRET_KEY_FILE=$(AKHBAR_DATA_DIR)/secret_key $(BIN)/akhbar demo

test: install lint test-sqlite test-postgres

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

test-sqlite: install
	env -u DATABASE_URL $(BIN)/python -m pytest -q

test-postgres: install
	DATABASE_URL=$(PG_URL) $(BIN)/python -m pytest -q -m "not browser"

bench: install
	$(BIN)/python -m bench.run

# Re-pin every dependency from requirements.in (needs the package registry).
lock:
	rm -rf .venv-lock && $(PYTHON) -m venv .venv-lock
	.venv-lock/bin/pip install --quiet -r requirements.in
	.venv-lock/bin/pip freeze --exclude-editable > requirements.lock
	rm -rf .venv-lock

messages: install
	cd akhbar && ../$(BIN)/akhbar makemessages -l ar -l fr -l en --no-obsolete && ../$(BIN)/akhbar compilemessages

clean:
	rm -rf $(VENV) .pytest_cache
