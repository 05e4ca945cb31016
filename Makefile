# Bastion: `make run` starts the whole system on the embedded stack; `make test` runs the suite.
# Everything is installed from the project's own files (pyproject.toml, uv.lock) into .venv.

PYTHON ?= python3
UV_VERSION := 0.13.9
TOOLS := .tools
UV := $(TOOLS)/bin/uv
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.synced

export UV_PYTHON_DOWNLOADS := never
export UV_PROJECT_ENVIRONMENT := $(VENV)

.PHONY: help env run test test-slow lint typecheck contracts clean reset

help:
	@echo "make run        start PostgreSQL, the broker and the four services with the demo organisation"
	@echo "make test       run the test suite against a real PostgreSQL and the real broker"
	@echo "make test-slow  run the slow fault and soak tests"
	@echo "make lint       ruff and mypy --strict"
	@echo "make contracts  regenerate the committed event schemas under contracts/"
	@echo "make reset      delete the embedded stack's local data (.bastion/)"

$(UV):
	$(PYTHON) -m venv $(TOOLS)
	$(TOOLS)/bin/pip install --quiet "uv==$(UV_VERSION)"

$(STAMP): $(UV) uv.lock pyproject.toml libs/*/pyproject.toml services/*/pyproject.toml
	$(UV) sync --frozen --all-packages --python $(PYTHON)
	@touch $@

env: $(STAMP)

run: env
	$(BIN)/bastion dev

test: env
	$(BIN)/pytest -m "not slow"

test-slow: env
	$(BIN)/pytest -m slow || [ $$? -eq 5 ]  # 5: no slow tests collected

lint: env
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy libs/*/src services/*/src

contracts: env
	$(BIN)/bastion contracts write

reset:
	rm -rf .bastion

clean: reset
	rm -rf $(VENV) $(TOOLS)
