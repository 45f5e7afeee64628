"""The index's shape: rows of places and a sorted table of name keys pointing at them, written as
compact numpy arrays so the index loads in well under a second.

Every row records the source it came from (a package, or a file the analyst added) and may carry
a shape (WKB) when the place is an area or a line: a region, a road, a river.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import numpy as np

from extract.normalize import name_key
from geo.gazetteer.spelling import skeleton

FORMAT = 7  # bumped whenever the payload's layout changes; an older cache is rebuilt

PlaceRow = tuple[int, str, float, float, str, str, str, int]
"""geonameid, name, lat, lon, feature code, country code, admin1 code, population."""


class IndexBuilder:
    """Collects rows and names; writes the compact arrays the index is made of.

    ``source`` names where the rows added next come from; set it before adding them.
    """

    def __init__(self, source: str = "") -> None:
        self.rows: list[PlaceRow] = []
        self.names: dict[str, dict[int, bool]] = defaultdict(dict)  # key -> row -> is main name
        self.demonyms: set[str] = set()
        self.dotted: set[str] = set()
        self.sources: list[str] = []
        self.row_sources: list[int] = []
        self.shapes: dict[int, bytes] = {}
        self.source = source

    def add(self, place: PlaceRow, *, shape: bytes | None = None) -> int:
        """Add a place (its main name too) and return its row."""
        if not self.sources or self.sources[-1] != self.source:
            if self.source in self.sources:
                self.sources.remove(self.source)  # keep one index per label, last use wins
            self.sources.append(self.source)
        self.rows.append(place)
        self.row_sources.append(self.sources.index(self.source))
        row = len(self.rows) - 1
        if shape is not None:
            self.shapes[row] = shape
        self.name(row, place[1], main=True)
        return row

    def name(self, row: int, name: str, *, main: bool = False) -> None:
        """Index ``name`` (normalised) for ``row``; ``main``: its own name, not an alternate."""
        key = name_key(name)
        if key:
            self.names[key][row] = self.names[key].get(row, False) or main

    def payload(self) -> dict[str, Any]:
        """The index as arrays: rows, the sorted keys with the rows each names, and the keys by
        consonant skeleton (for near spellings)."""
        keys = sorted(self.names)
        ptr = np.zeros(len(keys) + 1, dtype=np.int64)
        rows: list[int] = []
        main: list[bool] = []
        for i, key in enumerate(keys):
            entries = self.names[key]
            rows.extend(entries)
            main.extend(entries.values())
            ptr[i + 1] = len(rows)
        row_array = np.asarray(rows, dtype=np.int32)
        cols = list(zip(*self.rows, strict=True)) if self.rows else [()] * 8
        spelled: dict[str, list[int]] = defaultdict(list)
        for i, key in enumerate(keys):
            form = skeleton(key, cached=False)
            if form:
                spelled[form].append(i)
        forms = sorted(spelled)
        form_keys = [spelled[form] for form in forms]
        form_ptr = np.cumsum([0, *(len(k) for k in form_keys)])
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
            "sources": list(self.sources),
            "src": np.asarray(self.row_sources, dtype=np.int32),
            "shapes": dict(self.shapes),
            "keys": keys,
            "ptr": ptr,
            "rows": row_array,
            "main": np.asarray(main, dtype=np.bool_),
            "spelled": "\n".join(forms),  # consonant skeletons, for near spellings
            "spelled_ptr": form_ptr.astype(np.int64),
            "spelled_keys": np.asarray([k for ks in form_keys for k in ks], dtype=np.int32),
            "demonyms": sorted(self.demonyms),
            "dotted": sorted(self.dotted),
        }
