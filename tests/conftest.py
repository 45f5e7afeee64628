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
    from extract.toponyms import load_nlp

    return load_nlp()
