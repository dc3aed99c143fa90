# The two commands of the README: `make serve` and `make test`. Both set everything up.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: serve edit test test-fast build deploy check lint properdocs system-deps vendor clean

$(BIN)/mkdocs: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[test,pdf,pagefind]"
	touch $@

DECAP := plugins/guong/assets/admin/decap/decap-cms.js
$(DECAP): scripts/vendor-decap.sh
	bash scripts/vendor-decap.sh

vendor: $(DECAP)  ## Decap CMS for /admin/, pinned and served from the site (npm pack + sha512 check)

serve: $(BIN)/mkdocs $(DECAP)  ## build and serve the sample site at http://127.0.0.1:8000
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs serve -a 127.0.0.1:8000

edit: $(BIN)/mkdocs $(DECAP)  ## preview + /admin/ editing the local files at http://127.0.0.1:8000/admin/
	$(BIN)/guong edit

build: $(BIN)/mkdocs $(DECAP)
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs build --strict

# Refuses before building when DEPLOY_TARGET is unset; then the strict build, then rsync.
deploy:  ## build strictly and publish site/ to DEPLOY_TARGET (user@host:/var/www/guong) with rsync
	@bash scripts/deploy.sh --check
	@$(MAKE) --no-print-directory build
	bash scripts/deploy.sh site

system-deps:  ## Debian packages the tests use: Chromium, Noto/DejaVu fonts, poppler-utils, a JRE, nginx, rsync
	bash scripts/system-deps.sh

# The Node feed parser and the Nu Html Checker (vnu.jar, run on the system JRE). No install
# scripts: vnu-jar's would download a Java runtime from GitHub where java is missing.
tests/js/node_modules/.package-lock.json: tests/js/package.json tests/js/package-lock.json
	@if command -v npm >/dev/null; then cd tests/js && npm ci --no-audit --no-fund --ignore-scripts; \
	else echo "Không có npm: bỏ qua trình đọc nguồn tin Node và trình kiểm tra HTML (chỉ bắt buộc trong CI)."; fi

# Two workers (pytest-xdist): every test writes only into its own tmp_path.
test: $(BIN)/mkdocs $(DECAP) system-deps tests/js/node_modules/.package-lock.json  ## run every test
	NO_MKDOCS_2_WARNING=1 $(BIN)/pytest -n 2 --dist loadgroup

test-fast: $(BIN)/mkdocs $(DECAP)  ## the edit loop: everything but the slow and browser tests
	NO_MKDOCS_2_WARNING=1 $(BIN)/pytest -n 2 --dist loadgroup -m "not slow and not browser"

lint: $(BIN)/mkdocs  ## code gates (CI fails on any finding): ruff, ruff format, mypy
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

properdocs: $(DECAP)  ## the sample site built with ProperDocs (the MkDocs 1.x fork) in its own venv
	$(PYTHON) -m venv .venv-properdocs
	.venv-properdocs/bin/pip install --quiet properdocs -e ".[pdf]"
	NO_MKDOCS_2_WARNING=1 .venv-properdocs/bin/properdocs build --strict -d /tmp/guong-properdocs-site
	.venv-properdocs/bin/python scripts/properdocs_check.py  # --strict still guards publishing

clean:
	rm -rf site .cache
