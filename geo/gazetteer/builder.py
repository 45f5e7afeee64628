"""The index's shape: rows of places and a sorted table of name keys pointing at them, written as
compact numpy arrays so the index loads in well under a second."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import numpy as np

from extract.normalize import name_key

FORMAT = 4  # bumped whenever the payload's layout changes; an older cache is rebuilt

PlaceRow = tuple[int, str, float, float, str, str, str, int]
"""geonameid, name, lat, lon, feature code, country code, admin1 code, population."""


class IndexBuilder:
    """Collects rows and names; writes the compact arrays the index is made of."""

    def __init__(self) -> None:
        self.rows: list[PlaceRow] = []
        self.names: dict[str, dict[int, bool]] = defaultdict(dict)  # key -> row -> is main name
        self.demonyms: set[str] = set()
        self.dotted: set[str] = set()

    def add(self, place: PlaceRow) -> int:
        self.rows.append(place)
        row = len(self.rows) - 1
        self.name(row, place[1], main=True)
        return row

    def name(self, row: int, name: str, *, main: bool = False) -> None:
        key = name_key(name)
        if key:
            self.names[key][row] = self.names[key].get(row, False) or main

    def payload(self) -> dict[str, Any]:
        keys = sorted(self.names)
        ptr = np.zeros(len(keys) + 1, dtype=np.int64)
        rows: list[int] = []
        main: list[bool] = []
        for i, key in enumerate(keys):
            entries = self.names[key]
            rows.extend(entries)
            main.extend(entries.values())
            ptr[i + 1] = len(rows)
        cols = list(zip(*self.rows, strict=True))
        return {
            "format": FORMAT,
            "ids": np.asarray(cols[0], dtype=np.int64),
            "names": list(cols[1]),
            "lat": np.asarray(cols[2], dtype=np.float64),
            "lon": np.asarray(cols[3], dtype=np.float64),
            "fcode": list(cols[4]),
            "cc": list(cols[5]),
            "admin1": list(cols[6]),
            "pop": np.asarray(cols[7], dtype=np.int64),
            "keys": keys,
            "ptr": ptr,
            "rows": np.asarray(rows, dtype=np.int32),
            "main": np.asarray(main, dtype=np.bool_),
            "demonyms": sorted(self.demonyms),
            "dotted": sorted(self.dotted),
        }
