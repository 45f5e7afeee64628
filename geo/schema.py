"""The columns every feature on the map carries (see docs: "Every feature on the map carries").

A features frame is a GeoDataFrame in EPSG:4326 with exactly these columns plus ``geometry``.
Dates are ``datetime.date`` objects (or None); the date filter keeps a feature whose
[start, end] interval overlaps the chosen range.
"""

from __future__ import annotations

from typing import Final

KINDS: Final = ("place", "figure", "event", "control_zone", "frontline")

# geo_precision: 1 exact place, 2 admin area or "around X", 3 country.
# time_precision: 1 day, 2 week or range, 3 month or vaguer.
FEATURE_COLUMNS: Final = (
    "kind",  # one of KINDS
    "name",  # place name as the gazetteer spells it
    "geonameid",  # int or None
    "lon",
    "lat",
    "start",  # date or None
    "end",  # date or None
    "category",  # figure category (displaced, killed...) or event category (advance, siege...)
    "value",  # figure value (int) or None for vague amounts
    "low",
    "high",
    "qualifier",  # exact, about, more_than, at_least, up_to, vague
    "source",  # who the figure or event is attributed to
    "actor",  # normalised actor of an event (government, rebels, Turkey, Russia)
    "actor_text",  # actor as written
    "direction",  # west, north-east... for advances
    "mentions",  # how many times the place is named (place features)
    "doc_id",
    "title",
    "url",
    "published",
    "quote",  # the sentence quoted as provenance
    "char_start",  # span of the quoted evidence in the document text
    "char_end",
    "geo_precision",
    "time_precision",
    "status",  # events: reported, or goal for a stated aim ("to encircle", "would push west")
)
