# Sanbao's two commands: `make demo` and `make test`. Everything else here serves them.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
SANBAO := $(BIN)/sanbao
ADDRESS ?= 127.0.0.1:8000
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

# Debian packages: gettext compiles translations; pango and a CJK font render PDFs in both
# languages; chromium and poppler-utils serve the browser tests and PDF checks.
APT_RUN := gettext libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b fonts-noto-cjk fonts-dejavu-core
APT_TEST := $(APT_RUN) chromium poppler-utils

.PHONY: demo test setup setup-test apt-run apt-test messages lint typecheck pytest vendor clean

demo: setup
	$(SANBAO) migrate --no-input
	$(SANBAO) demo-data
	$(SANBAO) dev $(ADDRESS) --show-demo-logins

test: setup-test lint typecheck pytest

pytest:
	$(BIN)/pytest -q $(PYTEST_ARGS)

lint:
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench

typecheck:
	$(BIN)/mypy

setup: apt-run $(VENV)/.installed messages
setup-test: apt-test $(VENV)/.installed messages

apt-run:
	@./scripts/apt-ensure $(APT_RUN)

apt-test:
	@./scripts/apt-ensure $(APT_TEST)

$(VENV)/.installed: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $@

messages: $(VENV)/.installed
	cd src/sanbao && ../../$(SANBAO) compilemessages --ignore '.venv' -v 0

# Refresh the vendored front-end files from the pinned npm packages (needs node + npm).
vendor:
	npm ci --no-audit --no-fund
	node scripts/vendor-assets.mjs

clean:
	rm -rf $(VENV) var node_modules
