"""The one module that wires extraction to geography: documents in, a features frame out.

app.py and the CLI call this; extract/ never imports geo/.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import geopandas as gpd

from extract.dates import find_dates
from extract.documents import load_file
from extract.figures import find_figures
from extract.records import DateSpan, Document, Extraction, Figure, Mention, Sentence
from extract.sentences import split_sentences
from extract.toponyms import find_mentions, load_nlp
from geo.frames import features_from_records
from geo.gazetteer import Gazetteer, default_gazetteer
from geo.geoparse import matcher_for
from geo.resolve import Resolved, resolve

if TYPE_CHECKING:
    import spacy

DEMO_PATH = Path(__file__).resolve().parent.parent / "data" / "demo" / "articles.jsonl"

Progress = Callable[[int, int, str], None]
"""Called as progress(done, total, what) while documents are processed."""


@dataclass
class PipelineResult:
    """Features for the map plus what went wrong, per document, in words a user can act on."""

    features: gpd.GeoDataFrame
    problems: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Analysis:
    """One document read through: what extraction found and where its places are."""

    extraction: Extraction
    places: tuple[Resolved, ...]
    focus: Resolved | None  # the place the article is mostly about


def load_demo(path: Path = DEMO_PATH) -> list[Document]:
    """The demo dispatches shipped in data/demo."""
    return list(load_file(path).documents)


@lru_cache(maxsize=1)
def _default_nlp() -> spacy.Language | None:
    return load_nlp()


def analyse(
    document: Document,
    *,
    gazetteer: Gazetteer | None = None,
    nlp: spacy.Language | None = None,
) -> Analysis:
    """Recognise, resolve and extract everything in one document."""
    gaz = gazetteer or default_gazetteer()
    text = document.text
    mentions = find_mentions(text, matcher_for(gaz), nlp)
    places = tuple(resolve(mentions, gaz))
    sentences = split_sentences(text)
    dates = find_dates(text, document.published)
    figures = find_figures(text, sentences, [r.mention for r in places], dates)
    extraction = Extraction(
        document=document,
        mentions=tuple(mentions),
        dates=tuple(dates),
        figures=tuple(figures),
    )
    return Analysis(extraction, places, focus_of(places))


def focus_of(places: Sequence[Resolved]) -> Resolved | None:
    """The place an article is about: the most named town or area, countries only as a fallback."""
    if not places:
        return None
    counts = Counter(r.place.geonameid for r in places)
    return max(
        places,
        key=lambda r: (r.geo_precision < 3, counts[r.place.geonameid], -r.mention.start),
    )


def process(
    documents: Sequence[Document],
    *,
    progress: Progress | None = None,
    gazetteer: Gazetteer | None = None,
    use_ner: bool = True,
) -> PipelineResult:
    """Extract, geocode and frame ``documents`` into one features frame (schema in geo.schema)."""
    gaz = gazetteer or default_gazetteer()
    nlp = _default_nlp() if use_ner else None
    rows: list[dict[str, Any]] = []
    problems: list[str] = []
    total = len(documents)
    for done, document in enumerate(documents, start=1):
        label = describe(document)
        try:
            analysis = analyse(document, gazetteer=gaz, nlp=nlp)
        except Exception as error:  # one bad article must not sink the batch
            problems.append(f"{label}: could not be read ({type(error).__name__}: {error})")
            continue
        if not analysis.places:
            problems.append(f"{label}: no places found in the text, nothing to map")
        rows.extend(feature_rows(analysis))
        if progress is not None:
            progress(done, total, label)
    return PipelineResult(features_from_records(rows), problems)


def describe(document: Document) -> str:
    """How messages name a document: the file (and row) it came from, and its title."""
    names = [name for name in (document.origin, document.title) if name]
    if len(names) == 2 and names[0] != names[1]:
        return f"{names[0]} ({names[1]})"
    return names[0] if names else document.id


def feature_rows(analysis: Analysis) -> Iterator[dict[str, Any]]:
    """Rows of the features frame for one analysed document: its places, then its figures."""
    document = analysis.extraction.document
    sentences = split_sentences(document.text)
    yield from _place_rows(analysis, sentences)
    yield from _figure_rows(analysis)


def _provenance(document: Document) -> dict[str, Any]:
    return {
        "doc_id": document.id,
        "title": document.title,
        "url": document.url,
        "published": document.published,
    }


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
    document = analysis.extraction.document
    by_place: dict[int, list[Resolved]] = {}
    for resolved in analysis.places:
        if resolved.demonym:
            continue  # "Syrian army" names a people, not a place to put on the map
        by_place.setdefault(resolved.place.geonameid, []).append(resolved)
    for group in by_place.values():
        first = group[0]
        sentence = _sentence_at(sentences, first.mention.start)
        place = first.place
        yield {
            "kind": "place",
            "name": place.name,
            "geonameid": place.geonameid,
            "lon": place.lon,
            "lat": place.lat,
            **_when(None, document.published),
            "mentions": len(group),
            **_provenance(document),
            "quote": sentence.text if sentence else first.mention.text,
            "char_start": first.mention.start,
            "char_end": first.mention.end,
            "geo_precision": first.geo_precision,
        }


def _figure_place(figure: Figure, analysis: Analysis) -> tuple[Resolved | None, bool]:
    """The resolved place a figure is about, and whether it fell back to the article's focus."""
    if figure.place is not None:
        for resolved in analysis.places:
            if _same_span(resolved.mention, figure.place):
                return resolved, False
    return analysis.focus, True


def _same_span(a: Mention, b: Mention) -> bool:
    return a.start == b.start and a.end == b.end


def _figure_rows(analysis: Analysis) -> Iterator[dict[str, Any]]:
    document = analysis.extraction.document
    for figure in analysis.extraction.figures:
        resolved, from_focus = _figure_place(figure, analysis)
        if resolved is None:
            continue  # a figure with nowhere to put it stays off the map
        place = resolved.place
        precision = max(resolved.geo_precision, 2) if from_focus else resolved.geo_precision
        yield {
            "kind": "figure",
            "name": place.name,
            "geonameid": place.geonameid,
            "lon": place.lon,
            "lat": place.lat,
            **_when(figure.period, document.published),
            "category": figure.category,
            "value": figure.value,
            "low": figure.low,
            "high": figure.high,
            "qualifier": figure.qualifier,
            "source": figure.source,
            **_provenance(document),
            "quote": figure.sentence.text,
            "char_start": figure.char_start,
            "char_end": figure.char_end,
            "geo_precision": precision,
        }
