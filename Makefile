# Dispatch Atlas: `make run` sets everything up and starts the app; `make test` runs the suite.
# Everything is installed from the package registries (PyPI, npm, Debian); nothing else is fetched.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
PORT   ?= 8501
SUDO   := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

APP_STAMP    := $(VENV)/.installed-app
TEST_STAMP   := $(VENV)/.installed-test
STATIC_STAMP := static/vendor/.installed
INDEX        := data/cache/gazetteer.pkl

.PHONY: run test lint bench install static index chromium e2e clean

run: install static index  ## create the venv, install everything, start the app on demo data
	$(BIN)/streamlit run app.py --server.port $(PORT)

test: install-test static index chromium  ## install test needs (chromium included) and run every test
	$(BIN)/pytest

e2e: install-test static index chromium
	$(BIN)/pytest tests/e2e

bench: install index  ## words/s of geoparse vs spaCy NER vs gazetteer, index load time, peak memory
	$(BIN)/python -m geo.bench

lint: install-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

install: $(APP_STAMP)
install-test: $(TEST_STAMP)
static: $(STATIC_STAMP)
index: $(INDEX)

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(APP_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(TEST_STAMP): $(APP_STAMP) pyproject.toml
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

# Leaflet and friends from the npm registry, copied where Streamlit serves them (/app/static/vendor).
$(STATIC_STAMP): static/package.json static/package-lock.json
	@command -v npm >/dev/null 2>&1 || { \
	  echo "installing Debian's npm to fetch the map's browser assets"; \
	  $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get update -qq && \
	  $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq npm >/dev/null; }
	npm ci --prefix static --no-audit --no-fund --loglevel=error
	rm -rf static/vendor && mkdir -p static/vendor/leaflet
	cp -r static/node_modules/leaflet/dist/. static/vendor/leaflet/
	cp static/node_modules/leaflet/LICENSE static/vendor/leaflet/
	touch $@

$(INDEX): $(APP_STAMP) geo/gazetteer.py
	$(BIN)/python -m geo.gazetteer build --path $@

# Debian's chromium drives the browser tests (Playwright cannot download its own browser here).
chromium:
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "installing Debian chromium for the browser tests"; \
	  $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get update -qq && \
	  $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

clean:
	rm -rf $(VENV) static/vendor static/node_modules data/cache
