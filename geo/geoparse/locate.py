"""A parsed document's places, all of them: the names the gazetteer gives, resolved together; the
small namesakes abroad a one-country document refuses; and the names marked as places that the
gazetteer lacks, put at a near spelling or at the place they are tied to (or left unplaced, and
said so)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from extract.records import Mention, ParsedDocument
from geo.gazetteer import Gazetteer
from geo.geoparse.containers import by_its_name
from geo.geoparse.regions import country_parts
from geo.geoparse.resolve import Resolved, resolve
from geo.geoparse.unknown import Unplaced, keep_local, place_unknown

__all__ = ["Located", "focus_of", "locate"]


@dataclass(frozen=True)
class Located:
    """Where a document's places are: ``places`` in text order, ``unplaced`` those put nowhere."""

    places: tuple[Resolved, ...]
    unplaced: tuple[Unplaced, ...] = ()


def focus_of(places: Sequence[Resolved]) -> Resolved | None:
    """The place an article is about: the most named town or area, countries only as a fallback."""
    if not places:
        return None
    counts = Counter(r.place.geonameid for r in places)
    return max(
        places,
        key=lambda r: (r.geo_precision < 3, counts[r.place.geonameid], -r.mention.start),
    )


def outside(mention: Mention, span: tuple[int, int] | None) -> bool:
    """Whether ``mention`` lies outside ``span`` (a dateline), or there is none."""
    return span is None or not (span[0] <= mention.start and mention.end <= span[1])


def locate(
    parsed: ParsedDocument,
    gazetteer: Gazetteer,
    fronts: Sequence[str] = (),
    group: Callable[[str], object] | None = None,
) -> Located:
    """Every place of ``parsed`` (see the module's docstring). ``fronts`` are the countries the
    armed groups the text names fight in (ISO codes), for a text that names no place for sure;
    ``group`` says whether a name is an armed group's ("Hamas"): such a name matched to a place
    by another of that place's names (Hamm, Germany) is the group, not the place."""
    text = parsed.text
    resolved = resolve(parsed.mentions, gazetteer, fronts)
    if group is not None:
        # (a group named like a town of the note's own countries may be that town: "Radaa")
        countries = Counter(r.place.country_code for r in resolved if not r.demonym)
        resolved = [
            r
            for r in resolved
            if by_its_name(r) or countries[r.place.country_code] > 1 or not group(r.mention.text)
        ]
    places = country_parts(text, resolved, gazetteer)
    places, refused = keep_local(
        text,
        places,
        parsed.sentences,
        parsed.mentions,
        gazetteer,
        dateline=parsed.dateline,
        fronts=fronts,
    )
    local = [r for r in places if outside(r.mention, parsed.dateline)]
    focus = focus_of([r for r in local if not r.demonym])
    unknown = [u for u in parsed.unknown if outside(u.mention, parsed.dateline)]
    found, unplaced = place_unknown([*unknown, *refused], places, focus, gazetteer, fronts)
    every = sorted([*places, *found], key=lambda r: r.mention.start)
    return Located(tuple(every), tuple(unplaced))
