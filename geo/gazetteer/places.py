"""A gazetteer entry and how namesakes are ranked before any document context."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from extract.normalize import name_key
from extract.toponyms import ADMIN_SUFFIXES, COMMON_KEYS

# Feature importance added to log10(population) when ranking candidates.
FEATURE_BONUS = {
    "PCLI": 4.0,
    "CONT": 4.0,
    "OCN": 3.0,
    "RGN": 2.5,
    "ADM1": 1.0,
    "ADM2": -0.5,
    "PPLC": 2.0,
}
ADMIN_CODES = frozenset({"ADM1", "ADM2"})
WIDE_CODES = frozenset({"PCLI", "PCLD", "PCLF", "PCLS", "PCLIX", "TERR", "CONT", "OCN"})
"""Feature codes of a country, a continent or an ocean: geo_precision 3."""
AREA_CODES = frozenset((
    "ADM1", "ADM2", "ADM3", "ADM4", "ADM5", "ADMD", "ADM1H", "ADM2H", "RGN", "RGNE", "RGNH",
    "AREA", "ZN", "ZNB", "PLN", "PLAT", "VAL", "VALS", "VALX", "DSRT", "MTS", "HLLS", "UPLD",
    "RDGE", "PLDR", "GRAZ", "FRST", "FRSTF", "PRK", "RESN", "RESW", "STM", "STMS", "STMI",
    "WAD", "WADS", "LK", "LKS", "LKSN", "CNL", "BAY", "GULF", "SEA", "CHN", "STRT", "ISLS",
    "PEN", "RD", "RDA", "TRL", "OILP", "CST", "SHOR",
))  # fmt: skip
"""GeoNames feature codes of areas and lines (regions, plains, ranges, rivers, roads): placing a
mention at their middle says "around here", geo_precision 2."""
ADDED = "(added gazetteer)"
"""How the source of an entry from a file the analyst added ends."""
ADDED_BONUS = 1.5  # prior added to such an entry: the namesake in the analyst's own gazetteer
_UNKNOWN_TOWN = 500  # people assumed for a cities500 town whose population GeoNames leaves at 0
_NON_LATIN = re.compile(r"[^\x00-\u024f\u1e00-\u1eff\u02b0-\u02ff\u2018-\u201f\u00b4]")
_KEEP_CODES = frozenset({"US", "USA", "UK", "UAE", "DRC", "EU", "BC", "KZN"})


@dataclass(frozen=True)
class Place:
    """One gazetteer entry: a town, a site, an admin area, a region or line, a country.

    ``source`` says which package or added file the entry comes from; ``shape`` is the WKB of an
    area or a line when the source gives one (a road, a river, a region), else None.
    """

    geonameid: int
    name: str
    lat: float
    lon: float
    feature_code: str  # GeoNames feature code: PPL, PPLC, ADM1, ADM2, PCLI, CONT, RGN, OCN, CMP...
    country_code: str
    admin1_code: str
    population: int
    source: str = ""
    shape: bytes | None = None

    @property
    def importance(self) -> float:
        """Prior for ranking namesakes: log population plus a bonus for big features.

        A town listed with population 0 has an unknown one, not none: every town here comes from
        GeoNames' cities500, so it counts as the 500 that list starts at ("Ariha", Syria).
        """
        people = self.population or (_UNKNOWN_TOWN if self.feature_code.startswith("PPL") else 0)
        return math.log10(people + 1) + FEATURE_BONUS.get(self.feature_code, 0.0)

    @property
    def geo_precision(self) -> int:
        """1 a town, village or site, 2 an admin area, region or line, 3 a country or continent."""
        if self.feature_code in WIDE_CODES:
            return 3
        if self.feature_code in AREA_CODES:
            return 2
        return 1


def name_prior(
    place: Place, is_main: bool, *, admin: bool, siblings: set[tuple[str, str]]
) -> float:
    """Prior score of one candidate for a name, before any document context.

    Parameters
    ----------
    place, is_main
        The candidate and whether the name is its main name (not an alternate).
    admin
        The name was written with an admin suffix ("Idlib Province"): admin areas win.
    siblings
        ``(country, admin1)`` of the admin areas among the candidates: a bare "Idlib" is the
        town inside the governorate of the same name, not the governorate.
    """
    score = place.importance + (0.5 if is_main else 0.0)
    if place.source.endswith(ADDED):
        score += ADDED_BONUS  # the analyst's own gazetteer is about the places they follow
    if admin:
        return score + (6.0 if place.feature_code in ADMIN_CODES else -3.0)
    if place.feature_code.startswith("PPL") and (place.country_code, place.admin1_code) in siblings:
        score += 3.0
    return score


def split_admin_suffix(key: str) -> tuple[str, bool]:
    """``"idlib province"`` -> ``("idlib", True)``; other keys come back unchanged."""
    head, _, last = key.rpartition(" ")
    if head and last in ADMIN_SUFFIXES:
        return head, True
    return key, False


def good_alternate(name: str) -> bool:
    """Whether an alternate name is worth indexing (Latin script, not a code or common word)."""
    if not name or "http" in name or _NON_LATIN.search(name):
        return False
    if not any(c.isupper() for c in name):
        return False  # lowercase romanisations of non-Latin names ("hlb", "adlb")
    letters = [c for c in name if c.isalpha()]
    if name.isupper() and len(letters) <= 4 and name not in _KEEP_CODES:
        return False  # airport and other codes ("ALP", "LTK")
    key = name_key(name)
    return len(key) >= 3 and key not in COMMON_KEYS  # keyed: "Three" is "thre"
