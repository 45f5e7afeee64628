"""Settings: where data and the store live, read once and read again on request."""

from __future__ import annotations

from pathlib import Path

import pytest

from geo import config

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def fresh(monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """Settings read again after the test changes the environment, and restored after it."""
    for name in (config.DATA_DIR_ENV, config.STORE_ENV):
        monkeypatch.delenv(name, raising=False)
    yield monkeypatch
    monkeypatch.undo()
    config.reload()


def test_a_checkout_keeps_its_data_in_its_own_data_folder(fresh) -> None:  # type: ignore[no-untyped-def]
    settings = config.reload()
    assert settings.data_dir == REPO / "data"
    assert settings.gazetteer_index == REPO / "data" / "cache" / "gazetteer.pkl"
    assert settings.store == str(REPO / "data" / "store" / "atlas.gpkg")


def test_atlas_data_dir_and_atlas_store_are_read_once(fresh, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    fresh.setenv(config.DATA_DIR_ENV, str(tmp_path / "atlas"))
    fresh.setenv(config.STORE_ENV, "postgresql://atlas@127.0.0.1:54329/atlas")
    settings = config.reload()
    assert settings.cache_dir == tmp_path / "atlas" / "cache"
    assert settings.default_store == tmp_path / "atlas" / "store" / "atlas.gpkg"
    assert settings.store == "postgresql://atlas@127.0.0.1:54329/atlas"
    fresh.setenv(config.STORE_ENV, "elsewhere.gpkg")
    assert config.settings() is settings  # not read again until asked
    assert config.reload().store == "elsewhere.gpkg"
