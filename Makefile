# The two commands of the README: `make serve` and `make test`. Both set everything up.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: serve test build check system-deps clean

$(BIN)/mkdocs: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[test,pdf]"
	touch $@

serve: $(BIN)/mkdocs  ## build and serve the sample site at http://127.0.0.1:8000
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs serve -a 127.0.0.1:8000

build: $(BIN)/mkdocs
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs build --strict

system-deps:  ## Debian packages the tests use: Chromium, Noto/DejaVu fonts, poppler-utils
	bash scripts/system-deps.sh

tests/js/node_modules/.package-lock.json: tests/js/package.json tests/js/package-lock.json
	cd tests/js && npm ci --no-audit --no-fund

test: $(BIN)/mkdocs system-deps tests/js/node_modules/.package-lock.json  ## run every test
	NO_MKDOCS_2_WARNING=1 $(BIN)/pytest

clean:
	rm -rf site .cache
