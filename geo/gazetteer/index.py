"""The loaded gazetteer: name key -> candidate places, over the compact arrays of the index file."""

from __future__ import annotations

import pickle
from collections.abc import Iterable, Iterator
from dataclasses import asdict
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from extract.normalize import name_key
from extract.toponyms import COMMON_WORDS
from geo.config import settings
from geo.gazetteer.build import build_index
from geo.gazetteer.builder import FORMAT
from geo.gazetteer.places import Place, name_prior, split_admin_suffix


class Gazetteer:
    """Name key -> candidate places, over the compact arrays of the cache file."""

    def __init__(self, payload: dict[str, Any]) -> None:
        self._p = payload
        self._key_index = {key: i for i, key in enumerate(payload["keys"])}
        self._row_of_id = {int(gid): row for row, gid in enumerate(payload["ids"].tolist())}
        self.demonym_keys: frozenset[str] = frozenset(payload["demonyms"])
        self.dotted_keys: frozenset[str] = frozenset(payload["dotted"])

    @classmethod
    def load(cls, path: Path | None = None) -> Gazetteer:
        """Load the index from ``path`` (default cache), building it first if it is missing."""
        path = path or settings().gazetteer_index
        if not path.exists():
            build_index(path)
        with path.open("rb") as handle:
            payload = pickle.load(handle)
        if payload.get("format") != FORMAT:
            build_index(path)
            with path.open("rb") as handle:
                payload = pickle.load(handle)
        return cls(payload)

    def __len__(self) -> int:
        return len(self._p["ids"])

    def _place(self, row: int) -> Place:
        p = self._p
        return Place(
            geonameid=int(p["ids"][row]),
            name=p["names"][row],
            lat=float(p["lat"][row]),
            lon=float(p["lon"][row]),
            feature_code=p["fcode"][row],
            country_code=p["cc"][row],
            admin1_code=p["admin1"][row],
            population=int(p["pop"][row]),
        )

    def entries(self, key: str) -> list[tuple[Place, bool]]:
        """Places named ``key`` with a flag: True when it is a main name, not an alternate."""
        i = self._key_index.get(key)
        if i is None:
            return []
        lo, hi = int(self._p["ptr"][i]), int(self._p["ptr"][i + 1])
        rows = self._p["rows"][lo:hi].tolist()
        main = self._p["main"][lo:hi].tolist()
        return [(self._place(r), bool(m)) for r, m in zip(rows, main, strict=True)]

    def candidates(self, key: str) -> list[Place]:
        """Places whose normalised name (main or alternate) equals ``key``."""
        return [place for place, _ in self.entries(key)]

    def keys(self) -> Iterable[str]:
        """All normalised names, for building a recogniser."""
        return iter(self._p["keys"])

    def important_keys(self, min_population: int = 100_000) -> frozenset[str]:
        """Keys naming a country, continent, region, admin area or a town of ``min_population``.

        Common English words stay out unless they name a country or continent ("US").
        """
        p = self._p
        fcode = np.asarray(p["fcode"])
        big_feature = np.isin(fcode, ["PCLI", "CONT", "RGN", "OCN"])
        town = ~np.isin(fcode, ["ADM2", "OCN"])
        row_big = big_feature | (fcode == "ADM1") | (town & (p["pop"] >= min_population))
        hit = row_big[p["rows"]]
        hit_top = big_feature[p["rows"]]
        starts = p["ptr"][:-1]
        any_big = np.maximum.reduceat(hit.astype(np.int8), starts) > 0
        any_top = np.maximum.reduceat(hit_top.astype(np.int8), starts) > 0
        keys = p["keys"]
        return frozenset(
            keys[i]
            for i in np.flatnonzero(any_big).tolist()
            if keys[i] not in COMMON_WORDS or any_top[i]
        )

    def get(self, geonameid: int) -> Place | None:
        """The place with this id, or None."""
        row = self._row_of_id.get(int(geonameid))
        return None if row is None else self._place(row)

    def lookup(self, query: str) -> list[Place]:
        """Places named like ``query``, most important first (feature type, population)."""
        key = name_key(query)
        entries = self.entries(key)
        head, admin = split_admin_suffix(key)
        if admin and (not entries or not any(p.feature_code == "ADM1" for p, _ in entries)):
            entries = self.entries(head) or entries
        siblings = {(p.country_code, p.admin1_code) for p, _ in entries if p.feature_code == "ADM1"}
        ranked = sorted(
            entries,
            key=lambda e: name_prior(e[0], e[1], admin=admin, siblings=siblings),
            reverse=True,
        )
        return [place for place, _ in ranked]

    def __iter__(self) -> Iterator[Place]:
        return (self._place(row) for row in range(len(self)))


@lru_cache(maxsize=1)
def default_gazetteer() -> Gazetteer:
    """The process-wide gazetteer from the default cache path."""
    return Gazetteer.load()


def place_dict(place: Place) -> dict[str, Any]:
    """A place as a plain dict (for geopy ``Location.raw`` and JSON)."""
    return asdict(place)
