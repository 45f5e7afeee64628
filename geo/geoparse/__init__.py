"""Geoparsing: recognise the places a text names and choose one gazetteer place for each.

Recognition lives in :mod:`extract.toponyms` (text only); this package glues it to the gazetteer's
names (:mod:`geo.geoparse.parse`), resolves each name per document (:mod:`geo.geoparse.resolve`),
scores each placed name (:mod:`geo.geoparse.score`) and offers geopy geocoders
(:mod:`geo.geoparse.geocoders`: the offline GeoNames index; Nominatim opt-in).
"""

from geo.geoparse.locate import Located, focus_of, locate
from geo.geoparse.parse import (
    BATCH,
    geoparse,
    geoparse_jsonl,
    geoparse_many,
    geoparse_resolved,
    iter_resolved,
    matcher_for,
    warm_up,
)
from geo.geoparse.resolve import Resolved, resolve
from geo.geoparse.unknown import Unplaced

__all__ = [
    "BATCH",
    "Located",
    "Resolved",
    "Unplaced",
    "focus_of",
    "geoparse",
    "geoparse_jsonl",
    "geoparse_many",
    "geoparse_resolved",
    "iter_resolved",
    "locate",
    "matcher_for",
    "resolve",
    "warm_up",
]
