"""Rows of the features frame for one analysed document: one per distinct place, figure and
event, each with its place, dates, precision codes and provenance (the sentence quoted)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import date
from typing import Any

import shapely

from extract.records import DateSpan, Document, Sentence
from geo.geoparse import Resolved
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
        if resolved is None:
            continue  # a figure with nowhere to put it stays off the map
        yield {
            **_located("figure", resolved, document, figure.period, from_focus),
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


def _event_rows(analysis: Analysis) -> Iterator[dict[str, Any]]:
    document = analysis.document
    for event in analysis.events:
        resolved, from_focus = event_place(event, analysis)
        if resolved is None:
            continue
        yield {
            **_located("event", resolved, document, event.period, from_focus),
            "category": event.category,
            "actor": event.actor,
            "actor_text": event.actor_text,
            "direction": event.direction,
            "status": event.status,
            "quote": event.sentence.text,
            "char_start": event.char_start,
            "char_end": event.char_end,
        }
