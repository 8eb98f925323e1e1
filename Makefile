# Two commands on a fresh Debian machine (as root): `make demo` and `make test`.
# Everything else here is what those two need, plus the maintainer targets.

SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
TOOLS := .tools
UV := $(TOOLS)/bin/uv
PY := $(VENV)/bin/python
FOIA := $(VENV)/bin/foia
export UV_PYTHON_DOWNLOADS := never
export UV_PROJECT_ENVIRONMENT := $(abspath $(VENV))

APT_PACKAGES := tesseract-ocr tesseract-ocr-eng libmagic1
CORPUS ?= ../shared/corpus

.PHONY: demo test setup system-deps browser-deps lint typecheck eval eval-text bench models sample ui clean lock scale-test

demo: setup sample
	$(FOIA) run raw_docs/sample

test: setup browser-deps
	$(PY) -m pytest -q

setup: system-deps $(VENV)/.synced

# apt packages are installed only when a command is missing, so a second run is quick
# and a machine without root but with the tools already present still works.
system-deps:
	@missing=""; \
	command -v tesseract >/dev/null || missing="$$missing tesseract-ocr tesseract-ocr-eng"; \
	[ -e /usr/share/tesseract-ocr/5/tessdata/eng.traineddata ] || [ -e /usr/share/tesseract-ocr/4.00/tessdata/eng.traineddata ] || missing="$$missing tesseract-ocr-eng"; \
	ldconfig -p 2>/dev/null | grep -q libmagic.so.1 || missing="$$missing libmagic1"; \
	if [ -n "$$missing" ]; then \
	  echo "installing system packages:$$missing"; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing; \
	fi

# Headless Chromium and its driver, for the HTML report's browser test.
browser-deps:
	@if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then \
	  echo "installing system packages: chromium chromium-driver"; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium chromium-driver; \
	fi

$(UV):
	$(PYTHON) -m venv $(TOOLS)
	$(TOOLS)/bin/pip install -q "uv>=0.9,<1"

$(VENV)/.synced: $(UV) pyproject.toml uv.lock
	$(UV) sync --frozen --all-extras
	@mkdir -p .dagster_home warehouse
	@touch $@

lock: $(UV)
	$(UV) lock

sample: setup
	@test -f raw_docs/sample.expected.json || $(PY) -m pipeline.samples raw_docs/sample

lint: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy

typecheck: setup
	$(VENV)/bin/mypy

models: setup
	$(PY) -m pipeline.extract.build_models

eval: setup
	@if [ -d "$(CORPUS)/gold" ]; then $(FOIA) eval $(CORPUS); else echo "no corpus at $(CORPUS): nothing to score"; fi

eval-text: setup
	@if [ -d "$(CORPUS)/gold" ]; then $(FOIA) eval-text $(CORPUS); else echo "no corpus at $(CORPUS): nothing to score"; fi

bench: setup
	$(PY) -m benchmarks.run

# The scale-out profile for real: PostgreSQL + Redis (Debian packages, loopback),
# two Celery workers, warehouse compared with the single-process run.
scale-test: setup
	deploy/scale/services.sh
	FOIA_SCALE_TEST=1 $(PY) -m pytest tests/test_scale.py -q

ui: setup
	$(FOIA) ui

clean:
	rm -rf .dagster_home warehouse/*.duckdb warehouse/*.wal benchmarks/work
