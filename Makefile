# The two commands of README: `make site` and `make test`. Both set up first.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell cat requirements.txt | cksum | cut -d' ' -f1)
AS_OF ?=

.PHONY: setup site test serve clean

setup: $(STAMP)

$(STAMP): requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	rm -f $(VENV)/.installed-*
	touch $@

site: setup
	$(PY) build_lists.py build $(if $(AS_OF),--as-of $(AS_OF))

test: setup
	$(PY) -m pytest

serve: site
	$(PY) -m http.server --directory output --bind 127.0.0.1 8000

clean:
	rm -rf output reports .pytest_cache
