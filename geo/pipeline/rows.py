"""Rows of the features frame for one analysed document: one per distinct place, figure and
event, each with its place, dates, precision codes and provenance (the sentence quoted)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import date
from typing import Any

import shapely

from extract.records import DateSpan, Document, Sentence
from geo.gazetteer.outlines import country_shape
from geo.geoparse import Resolved
from geo.pipeline.actors import actors_country, settle_actor
from geo.pipeline.document import Analysis
from geo.pipeline.placing import event_place, figure_place

__all__ = ["feature_rows"]


def feature_rows(analysis: Analysis) -> Iterator[dict[str, Any]]:
    """Rows of the features frame for one analysed document: places, figures, then events."""
    yield from _place_rows(analysis, analysis.parsed.sentences)
    yield from _figure_rows(analysis)
    yield from _event_rows(analysis)


def _located(
    kind: str,
    resolved: Resolved,
    document: Document,
    period: DateSpan | None,
    from_focus: bool,
) -> dict[str, Any]:
    """What every feature row carries: its place, dates, article and precision codes.

    A feature put at the article's focus because its sentence names no place is "around" that
    place: geo_precision 2 at best.
    """
    place = resolved.place
    precision = max(resolved.geo_precision, 2) if from_focus else resolved.geo_precision
    return {
        "kind": kind,
        "name": resolved.label,
        "geonameid": None if resolved.anchored else place.geonameid,
        "lon": place.lon,
        "lat": place.lat,
        **_when(period, document.published),
        "doc_id": document.id,
        "title": document.title,
        "url": document.url,
        "published": document.published,
        "geo_precision": precision,
        "place_source": place_source(resolved),
    }


NO_PLACE = "(no place named)"


def _unplaced(kind: str, document: Document, period: DateSpan | None) -> dict[str, Any]:
    """What a feature with no place carries: its dates and article, and why it has no point."""
    return {
        "kind": kind,
        "name": NO_PLACE,
        **_when(period, document.published),
        "doc_id": document.id,
        "title": document.title,
        "url": document.url,
        "published": document.published,
        "place_source": "the article names no place for it: not on the map",
        "geometry": None,
    }


def place_source(resolved: Resolved) -> str:
    """Where a point comes from: the gazetteer's source, and how a name it lacks was placed."""
    source = resolved.place.source or "gazetteer"
    if resolved.anchored:
        return f"{resolved.note}; that place from {source}"
    return f"{source}; {resolved.note}" if resolved.note else source


def _sentence_at(sentences: Sequence[Sentence], offset: int) -> Sentence | None:
    for sentence in sentences:
        if sentence.start <= offset < sentence.end:
            return sentence
    return None


def _when(period: DateSpan | None, published: date | None) -> dict[str, Any]:
    """Dates of a feature: its own period, else the publication day."""
    if period is not None:
        return {"start": period.start, "end": period.end, "time_precision": period.precision}
    return {"start": published, "end": published, "time_precision": 1 if published else None}


def _place_rows(analysis: Analysis, sentences: Sequence[Sentence]) -> Iterator[dict[str, Any]]:
    """One feature per distinct place the document names, quoting its first mention."""
    document = analysis.document
    by_place: dict[int | str, list[Resolved]] = {}
    for resolved in analysis.places:
        if resolved.demonym:
            continue  # "Syrian army" names a people, not a place to put on the map
        key = resolved.label if resolved.anchored else resolved.place.geonameid
        by_place.setdefault(key, []).append(resolved)
    for group in by_place.values():
        first = group[0]
        sentence = _sentence_at(sentences, first.mention.start)
        shape = first.place.shape if not first.anchored else None
        yield {
            **_located("place", first, document, period=None, from_focus=False),
            "mentions": len(group),
            "quote": sentence.text if sentence else first.mention.text,
            "char_start": first.mention.start,
            "char_end": first.mention.end,
            **({"geometry": shapely.from_wkb(shape)} if shape is not None else {}),
        }


def _figure_rows(analysis: Analysis) -> Iterator[dict[str, Any]]:
    document = analysis.document
    for figure in analysis.figures:
        resolved, from_focus = figure_place(figure, analysis)
        area = _area(resolved) if resolved is not None else None
        # a figure whose article names no place is kept, off the map: in the tables and the
        # downloads (no geometry), never dropped without a word
        where = (
            _located("figure", resolved, document, figure.period, from_focus)
            if resolved is not None
            else _unplaced("figure", document, figure.period)
        )
        yield {
            **where,
            **({"geometry": area} if area is not None else {}),
            "unit": figure.unit,
            "parts": " + ".join(figure.parts) or None,
            "category": figure.category,
            "value": figure.value,
            "low": figure.low,
            "high": figure.high,
            "qualifier": figure.qualifier,
            "source": figure.source,
            "quote": figure.sentence.text,
            "char_start": figure.char_start,
            "char_end": figure.char_end,
        }


AREA_TOLERANCE = 0.02  # degrees (about 2 km): outlines drawn for a figure, not surveyed


def _area(resolved: Resolved) -> shapely.Geometry | None:
    """The area a figure is about when its place is one ("northwest Syria", a country): a
    country-wide tally is drawn as the country, not as a point at its middle."""
    if resolved.anchored:
        return None
    if resolved.place.shape is not None:
        shape = shapely.from_wkb(resolved.place.shape)
    elif resolved.geo_precision == 3 and resolved.place.country_code:
        shape = country_shape(resolved.place.country_code)
    else:
        return None
    if shape is None or shape.geom_type not in ("Polygon", "MultiPolygon"):
        return None
    return shapely.simplify(shape, AREA_TOLERANCE, preserve_topology=True)


def _event_rows(analysis: Analysis) -> Iterator[dict[str, Any]]:
    document = analysis.document
    for event in analysis.events:
        resolved, from_focus = event_place(event, analysis)
        if resolved is None or (from_focus and resolved.demonym):
            # Nowhere of its own, or only a nationality ("Turkish forces ... clashed with QSD
            # fighters near an unknown village"): the country the parties are tied to, where a
            # local group's country outweighs a foreign army's.
            tied = actors_country(event)
            if tied is not None or resolved is None:
                resolved, from_focus = tied, True
        actor, subtype = settle_actor(event, resolved, from_focus, analysis.located)
        # an event with nowhere to put it is kept off the map, in the tables and downloads
        where = (
            _located("event", resolved, document, event.period, from_focus)
            if resolved is not None
            else _unplaced("event", document, event.period)
        )
        yield {
            **where,
            "category": event.category,
            "actor": actor,
            "actor_text": event.actor_text,
            "subtype": subtype,
            "target": event.target,
            "target_text": event.target_text,
            "direction": event.direction,
            "status": event.status,
            "quote": event.sentence.text,
            "char_start": event.char_start,
            "char_end": event.char_end,
        }
