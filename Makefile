# Akhbar: `make demo` and `make test` are the two commands of the README.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PG_URL ?= postgres://postgres@127.0.0.1:5432/test
export AKHBAR_DATA_DIR ?= $(CURDIR)/data

.PHONY: install browser tools demo test test-sqlite test-postgres lint bench lock messages clean

install: $(STAMP)

# Pinned dependencies from requirements.lock, then the project itself (its one C part,
# akhbar/search/_fts5rank.c, compiled in place: setup.py).
$(STAMP): requirements.lock pyproject.toml setup.py akhbar/search/_fts5rank.c
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	scripts/install-sqlite-dev.sh
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $(STAMP)

$(AKHBAR_DATA_DIR)/secret_key:
	mkdir -p $(AKHBAR_DATA_DIR)
	$(BIN)/python -c "import secrets; print(secrets.token_urlsafe(50))" > $@

demo: install $(AKHBAR_DATA_DIR)/secret_key
	AKHBAR_SECRET_KEY_FILE=$(AKHBAR_DATA_DIR)/secret_key $(BIN)/akhbar demo

# Debian's Chromium for the browser tests (idempotent; the demo does not need it).
browser:
	scripts/install-chromium.sh
	scripts/install-axe.sh

# Debian's nginx: the test of deploy/nginx.conf runs `nginx -t` on it.
tools:
	scripts/install-nginx.sh

test: install browser tools lint test-sqlite test-postgres

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# Browser tests run in a process of their own (Playwright's sync API holds an
# event loop in the main thread); the PostgreSQL pass leaves them to SQLite's.
test-sqlite: install
	env -u DATABASE_URL $(BIN)/python -m pytest -q -m "not browser"
	env -u DATABASE_URL $(BIN)/python -m pytest -q -m browser

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
	rm -f akhbar/search/_fts5rank*.so
