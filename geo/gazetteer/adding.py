"""Add a gazetteer file to the local index (``atlas gazetteer add``), list and remove them.

A file is read (:mod:`geo.gazetteer.readers`), turned into an index part of its own with the
file recorded as the source of every entry, and saved under the data folder
(:mod:`geo.gazetteer.sources`); the next gazetteer loaded holds it beside the packages' index.
An entry without a country (a CSV of camps, say) takes the country and first-level area of the
nearest town the packages know.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
from scipy.spatial import cKDTree

from extract.readers import InputError
from geo.gazetteer.builder import IndexBuilder
from geo.gazetteer.index import Gazetteer, IndexPart, default_gazetteer
from geo.gazetteer.places import ADDED, good_alternate
from geo.gazetteer.readers import Entry, read_entries
from geo.gazetteer.sources import AddedSource, list_sources, new_id, remove, save

__all__ = ["add_gazetteer", "list_sources", "remove_gazetteer"]

_SYNTHETIC_BASE = 10**10  # ids of places without a GeoNames id: -(base + number * 10^7 + row)
_PER_SOURCE = 10**7


class _NearestTown:
    """Country and first-level area of the nearest town of the packages' index."""

    def __init__(self, part: IndexPart) -> None:
        towns = [p for p in part if p.feature_code.startswith("PPL")]
        self._codes = [(p.country_code, p.admin1_code) for p in towns]
        self._tree = cKDTree(_unit_vectors([p.lat for p in towns], [p.lon for p in towns]))

    def __call__(self, lat: float, lon: float) -> tuple[str, str]:
        _, index = self._tree.query(_unit_vectors([lat], [lon])[0])
        return self._codes[int(index)]


def _unit_vectors(lats: Iterable[float], lons: Iterable[float]) -> np.ndarray:
    phi, lam = np.radians(np.asarray(list(lats))), np.radians(np.asarray(list(lons)))
    return np.column_stack([np.cos(phi) * np.cos(lam), np.cos(phi) * np.sin(lam), np.sin(phi)])


def add_gazetteer(
    path: Path,
    *,
    countries: Iterable[str] | None = None,
    gazetteer: Gazetteer | None = None,
) -> AddedSource:
    """Add the gazetteer file at ``path`` to the local index.

    Parameters
    ----------
    path
        A GeoNames dump (``.txt``/``.zip``) or a CSV/GeoJSON/GeoPackage of named points.
    countries
        ISO codes to keep (``SY``, ``TR``): the rest of a large dump is skipped.
    gazetteer
        The index whose towns lend their country to entries that give none (default: the
        packages' part of the default gazetteer).

    Raises
    ------
    InputError
        The file cannot be read or holds no named place; nothing is added.
    """
    path = Path(path)
    wanted = frozenset(c.strip().upper() for c in countries) if countries else None
    ident, number = new_id(path.name)
    kind = "GeoNames dump" if path.suffix.lower() in (".txt", ".tsv", ".zip") else "named points"
    builder = IndexBuilder(source=f"{path.name} {ADDED}")
    notes: dict[int, str] = {}
    nearest: _NearestTown | None = None
    names = 0
    for count, entry in enumerate(read_entries(path, countries=wanted)):
        cc, admin1 = entry.country_code, entry.admin1_code
        if not cc:
            if nearest is None:
                nearest = _NearestTown((gazetteer or default_gazetteer()).parts[0])
            cc, admin1 = nearest(entry.lat, entry.lon)
        if count >= _PER_SOURCE:
            raise InputError(path.name, f"holds more than {_PER_SOURCE:,} places; split it")
        gid = (
            entry.geonameid
            if entry.geonameid is not None
            else -(_SYNTHETIC_BASE + number * _PER_SOURCE + count)
        )
        row = builder.add(
            (gid, entry.name, entry.lat, entry.lon, entry.feature_code, cc, admin1,
             entry.population),
            shape=entry.shape,
        )  # fmt: skip
        names += 1
        for alternate in _alternates(entry):
            builder.name(row, alternate)
            names += 1
        if entry.note:
            notes[row] = entry.note
    if not builder.rows:
        raise InputError(
            path.name, "holds no named place" + (" in those countries" if wanted else "")
        )
    payload = builder.payload()
    payload["notes"] = notes
    source = AddedSource(
        id=ident,
        file=path.name,
        kind=kind,
        places=len(builder.rows),
        names=names,
        added=datetime.now(UTC).isoformat(timespec="seconds"),
        number=number,
    )
    save(source, payload)
    return source


def _alternates(entry: Entry) -> Iterable[str]:
    """The entry's other names worth indexing: Latin script, not codes or common words."""
    return (a for a in entry.alternates if a != entry.name and good_alternate(a))


def remove_gazetteer(ident: str) -> AddedSource:
    """Remove the added gazetteer with this id (or file name).

    Raises
    ------
    InputError
        No added gazetteer has that id or file name.
    """
    removed = remove(ident)
    if removed is None:
        known = ", ".join(s.id for s in list_sources()) or "none"
        raise InputError(ident, f"no added gazetteer by that id or file name (added: {known})")
    return removed
