# The two commands of README: `make site` and `make test`. Both set up first.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell cat requirements.txt | cksum | cut -d' ' -f1)
NODE_STAMP := node_modules/.installed-$(shell cat package-lock.json | cksum | cut -d' ' -f1)
AS_OF ?=
# apt-get needs root; use sudo when make runs as someone else.
SUDO := $(if $(filter 0,$(shell id -u)),,sudo)
APT_INSTALL := $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends

.PHONY: setup setup-python setup-node setup-browser site lint test serve screenshots bench golden clean

setup: setup-python setup-node setup-browser

setup-python: $(STAMP)

setup-node: $(NODE_STAMP)

# The browser tests drive Debian's chromium (Playwright's own browser download
# is not used) and need a Chinese font to lay pages out as readers see them
# (the screenshots too); the HTML checker needs Java; the formula check opens the
# published CSV in LibreOffice Calc (about 30 s to install, no GUI); the server
# test runs deploy/nginx.conf in Debian's nginx-light.
setup-browser:
	@command -v chromium >/dev/null || ($(SUDO) apt-get update && $(APT_INSTALL) chromium)
	@dpkg -s fonts-noto-cjk >/dev/null 2>&1 || ($(SUDO) apt-get update && $(APT_INSTALL) fonts-noto-cjk)
	@command -v java >/dev/null || ($(SUDO) apt-get update && $(APT_INSTALL) default-jre-headless)
	@command -v soffice >/dev/null || ($(SUDO) apt-get update && $(APT_INSTALL) libreoffice-calc-nogui)
	@test -x /usr/sbin/nginx || ($(SUDO) apt-get update && $(APT_INSTALL) nginx-light)

$(STAMP): requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	rm -f $(VENV)/.installed-*
	touch $@

# axe-core, vnu-jar and lunr exactly as locked. --ignore-scripts: vnu-jar's
# postinstall would download a Java runtime; Debian's java is used instead.
$(NODE_STAMP): package.json package-lock.json
	npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	touch $@

site: setup-python setup-node
	$(PY) build_lists.py build $(if $(AS_OF),--as-of $(AS_OF))

# ruff (rules in pyproject.toml), mypy --strict on the package, and no function over 50 lines.
lint: setup-python
	$(PY) -m ruff check .
	$(PY) -m mypy
	$(PY) tools/check_function_length.py

test: setup lint
	$(PY) -m pytest

serve: site
	$(PY) tools/serve.py --directory output --port 8000

# docs/screenshots/desktop.png and phone.png, from a fresh build as of 2026-11-29.
screenshots: setup
	$(PY) tools/screenshots.py --build

# The benchmark at 10,000 synthetic entries, recorded in docs/benchmarks.md
# (README: 100,000 and 1,000,000). make test runs it once at 300 entries, untimed.
bench: setup
	$(PY) -m bench --entries 10000 --write-docs

# tests/fixtures/golden/expected/ rebuilt from tests/fixtures/golden/data as of 2026-11-29
# (tests/test_golden.py compares a fresh build with it). Only for an intended change of output.
golden: setup-python setup-node
	$(PY) tools/make_golden.py

clean:
	rm -rf output reports .pytest_cache
