"""Shared fixtures: the gazetteer, its recogniser and the spaCy pipeline, loaded once per run."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))


@pytest.fixture(scope="session")
def gazetteer():  # type: ignore[no-untyped-def]
    from geo.gazetteer import default_gazetteer

    return default_gazetteer()


@pytest.fixture(scope="session")
def matcher(gazetteer):  # type: ignore[no-untyped-def]
    from geo.geoparse import matcher_for

    return matcher_for(gazetteer)


@pytest.fixture(scope="session")
def nlp():  # type: ignore[no-untyped-def]
    from extract.ner import load_nlp

    return load_nlp()


DEFAULT_POSTGIS = "postgresql://atlas@127.0.0.1:54329/atlas"


@pytest.fixture(scope="session")
def postgis_url() -> str:
    """The PostGIS server of `make services` (``ATLAS_TEST_POSTGIS``, else its default URL).

    Under CI a server that cannot be reached fails the tests that need it; elsewhere they skip
    and say how to start one."""
    import os

    url = os.environ.get("ATLAS_TEST_POSTGIS") or DEFAULT_POSTGIS
    try:
        import psycopg

        with psycopg.connect(url, connect_timeout=3) as conn:
            conn.execute("SELECT 1 FROM pg_available_extensions WHERE name = 'postgis'")
    except Exception as err:
        reason = f"no PostGIS server at {url} ({type(err).__name__}: {err})".strip()
        if os.environ.get("CI"):
            pytest.fail(f"{reason}; `make test` starts one with `make services`")
        pytest.skip(f"{reason}; run `make services` (or set ATLAS_TEST_POSTGIS) to test PostGIS")
    return url


@pytest.fixture
def postgis_store(postgis_url: str):  # type: ignore[no-untyped-def]
    """A PostGIS store in a schema of its own, dropped after the test."""
    import uuid

    from geo.store import PostGISStore

    store = PostGISStore(postgis_url, schema=f"atlas_test_{uuid.uuid4().hex[:12]}")
    yield store
    store.drop_schema()
    store.close()


@pytest.fixture
def data_dir(tmp_path, monkeypatch):  # type: ignore[no-untyped-def]
    """A data folder of the test's own (ATLAS_DATA_DIR) holding the packages' index, copied so
    that nothing is rebuilt; what a test adds to the gazetteer goes there."""
    import shutil

    from geo import config
    from geo.gazetteer import default_gazetteer

    index = config.settings().gazetteer_index
    folder = tmp_path / "atlas-data"
    (folder / "cache").mkdir(parents=True)
    shutil.copy(index, folder / "cache" / "gazetteer.pkl")
    monkeypatch.setenv(config.DATA_DIR_ENV, str(folder))
    config.reload()
    default_gazetteer.cache_clear()
    yield folder
    monkeypatch.undo()
    config.reload()
    default_gazetteer.cache_clear()
