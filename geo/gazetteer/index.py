"""The loaded gazetteer: name key -> candidate places, over the compact arrays of index files.

The index the packages give is one part; every gazetteer file the analyst added
(:mod:`geo.gazetteer.sources`) is another, loaded beside it. A look-up asks every part; a place
found in two parts (a GeoNames dump repeats the towns the packages carry) counts once, as the
first part has it.
"""

from __future__ import annotations

import pickle
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import asdict
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from extract.normalize import name_key
from extract.toponyms import COMMON_KEYS
from geo.config import settings
from geo.gazetteer.build import build_index
from geo.gazetteer.builder import FORMAT
from geo.gazetteer.places import Place, name_prior, split_admin_suffix
from geo.gazetteer.sources import source_payloads

_BIG_FEATURES = ("PCLI", "CONT", "RGN", "OCN")


class IndexPart:
    """One index file's arrays: its rows, and its sorted keys with the rows each names."""

    def __init__(self, payload: dict[str, Any]) -> None:
        self._p = payload
        self._key_index = {key: i for i, key in enumerate(payload["keys"])}
        self._row_of_id = {int(gid): row for row, gid in enumerate(payload["ids"].tolist())}
        self.demonym_keys: frozenset[str] = frozenset(payload["demonyms"])
        self.dotted_keys: frozenset[str] = frozenset(payload["dotted"])
        self.sources: list[str] = list(payload["sources"])
        self._spelled: dict[str, int] | None = None
        self._countries: dict[str, int] | None = None

    def __len__(self) -> int:
        return len(self._p["ids"])

    def place(self, row: int) -> Place:
        """The place of one row."""
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
            source=self._source(row),
            shape=p["shapes"].get(row),
        )

    def _source(self, row: int) -> str:
        label = self.sources[int(self._p["src"][row])] if self.sources else ""
        note = self._p.get("notes", {}).get(row)
        return f"{label}, {note}" if note else label

    def entries(self, key: str) -> list[tuple[Place, bool]]:
        """Places named ``key`` with a flag: True when it is a main name, not an alternate."""
        i = self._key_index.get(key)
        if i is None:
            return []
        lo, hi = int(self._p["ptr"][i]), int(self._p["ptr"][i + 1])
        rows = self._p["rows"][lo:hi].tolist()
        main = self._p["main"][lo:hi].tolist()
        return [(self.place(r), bool(m)) for r, m in zip(rows, main, strict=True)]

    def keys(self) -> list[str]:
        """All normalised names of this part."""
        return list(self._p["keys"])

    def get(self, geonameid: int) -> Place | None:
        """The place with this id, or None."""
        row = self._row_of_id.get(int(geonameid))
        return None if row is None else self.place(row)

    def important_keys(self, min_population: int) -> set[str]:
        """Keys naming a country, continent, region, admin area or a town of ``min_population``."""
        p = self._p
        if not len(p["keys"]):
            return set()
        fcode = np.asarray(p["fcode"])
        big_feature = np.isin(fcode, _BIG_FEATURES)
        town = ~np.isin(fcode, ["ADM2", "OCN"])
        row_big = big_feature | (fcode == "ADM1") | (town & (p["pop"] >= min_population))
        hit = row_big[p["rows"]]
        hit_top = big_feature[p["rows"]]
        starts = p["ptr"][:-1]
        any_big = np.maximum.reduceat(hit.astype(np.int8), starts) > 0
        any_top = np.maximum.reduceat(hit_top.astype(np.int8), starts) > 0
        keys = p["keys"]
        return {
            keys[i]
            for i in np.flatnonzero(any_big).tolist()
            if keys[i] not in COMMON_KEYS or any_top[i]
        }

    def country(self, code: str) -> Place | None:
        """The country with ISO code ``code`` (its independent political entity), or None."""
        if self._countries is None:  # built on the first look-up only
            fcode, cc = np.asarray(self._p["fcode"]), np.asarray(self._p["cc"])
            rows = np.flatnonzero(fcode == "PCLI").tolist()
            self._countries = {str(cc[r]): int(r) for r in reversed(rows)}
        row = self._countries.get(code)
        return None if row is None else self.place(row)

    def spelled_like(self, form: str) -> list[tuple[str, Place]]:
        """Every (name key, place) whose name has the consonant skeleton ``form``
        (:func:`geo.gazetteer.spelling.skeleton`)."""
        p = self._p
        if self._spelled is None:  # built on the first near-spelling look-up only
            forms = p["spelled"].split("\n") if p["spelled"] else []
            self._spelled = {f: i for i, f in enumerate(forms)}
        i = self._spelled.get(form)
        if i is None:
            return []
        found: list[tuple[str, Place]] = []
        for k in p["spelled_keys"][int(p["spelled_ptr"][i]) : int(p["spelled_ptr"][i + 1])]:
            key = p["keys"][int(k)]
            found.extend((key, place) for place, _ in self.entries(key))
        return found

    def __iter__(self) -> Iterator[Place]:
        return (self.place(row) for row in range(len(self)))


def read_part(path: Path) -> IndexPart | None:
    """The index file at ``path``, or None when it was written by another version."""
    with path.open("rb") as handle:
        payload = pickle.load(handle)
    return IndexPart(payload) if payload.get("format") == FORMAT else None


class Gazetteer:
    """Name key -> candidate places, over the packages' index and the files the analyst added."""

    def __init__(self, parts: Sequence[IndexPart]) -> None:
        self.parts = tuple(parts)
        self.demonym_keys: frozenset[str] = frozenset().union(*(p.demonym_keys for p in parts))
        self.dotted_keys: frozenset[str] = frozenset().union(*(p.dotted_keys for p in parts))

    @classmethod
    def load(cls, path: Path | None = None, *, added: bool = True) -> Gazetteer:
        """Load the index at ``path`` (the default cache, built first when missing or out of
        date), with the gazetteer files the analyst added unless ``added`` is False."""
        path = path or settings().gazetteer_index
        if not path.exists():
            build_index(path)
        part = read_part(path)
        if part is None:
            build_index(path)
            part = read_part(path)
        assert part is not None
        parts = [part, *(IndexPart(p) for p in source_payloads())] if added else [part]
        return cls(parts)

    def __len__(self) -> int:
        return sum(len(part) for part in self.parts)

    def entries(self, key: str) -> list[tuple[Place, bool]]:
        """Places named ``key`` with a flag: True when it is a main name, not an alternate.

        A place two parts both hold is given once, as the first part has it.
        """
        if len(self.parts) == 1:
            return self.parts[0].entries(key)
        seen: set[int] = set()
        found: list[tuple[Place, bool]] = []
        for part in self.parts:
            for place, main in part.entries(key):
                if place.geonameid not in seen:
                    seen.add(place.geonameid)
                    found.append((place, main))
        return found

    def candidates(self, key: str) -> list[Place]:
        """Places whose normalised name (main or alternate) equals ``key``."""
        return [place for place, _ in self.entries(key)]

    def keys(self) -> Iterable[str]:
        """All normalised names, for building a recogniser."""
        for part in self.parts:
            yield from part.keys()

    def important_keys(self, min_population: int = 100_000) -> frozenset[str]:
        """Keys naming a country, continent, region, admin area or a town of ``min_population``.

        Common English words stay out unless they name a country or continent ("US").
        """
        return frozenset().union(*(part.important_keys(min_population) for part in self.parts))

    def get(self, geonameid: int) -> Place | None:
        """The place with this id, or None."""
        for part in self.parts:
            place = part.get(geonameid)
            if place is not None:
                return place
        return None

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

    def spelled_like(self, form: str) -> list[tuple[str, Place]]:
        """Every (name key, place) whose name has the consonant skeleton ``form``."""
        return [pair for part in self.parts for pair in part.spelled_like(form)]

    def country(self, code: str) -> Place | None:
        """The country with ISO code ``code``, or None."""
        return next((c for part in self.parts if (c := part.country(code)) is not None), None)

    def __iter__(self) -> Iterator[Place]:
        for part in self.parts:
            yield from part


@lru_cache(maxsize=1)
def default_gazetteer() -> Gazetteer:
    """The process-wide gazetteer: the default index and every file the analyst added."""
    return Gazetteer.load()


def place_dict(place: Place) -> dict[str, Any]:
    """A place as a plain dict (for geopy ``Location.raw`` and JSON)."""
    raw = asdict(place)
    raw.pop("shape", None)
    return raw
