"""The one module that wires extraction to geography: documents in, a features frame out.

app.py and the CLI call this; extract/ never imports geo/.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import geopandas as gpd

from extract.datelines import find_dateline
from extract.dates import find_dates
from extract.documents import load_file
from extract.events import find_events, names_a_road
from extract.figures import find_figures
from extract.records import DateSpan, Document, Event, Extraction, Figure, Mention, Sentence
from extract.sentences import split_sentences
from extract.toponyms import find_mentions, load_nlp, parse_texts
from geo.frames import features_from_records
from geo.gazetteer import Gazetteer, default_gazetteer
from geo.geoparse import BATCH, matcher_for
from geo.resolve import Resolved, resolve

if TYPE_CHECKING:
    import spacy
    from spacy.tokens import Doc

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
    sentences: tuple[Sentence, ...]
    places: tuple[Resolved, ...]
    focus: Resolved | None  # the place the article is mostly about
    located: tuple[Resolved, ...]  # the places, less the dateline's: where things happen


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
    parsed: Doc | None = None,
) -> Analysis:
    """Recognise, resolve and extract everything in one document.

    ``parsed`` is the document already run through ``nlp`` (batched by :func:`process`).
    """
    gaz = gazetteer or default_gazetteer()
    text = document.text
    mentions = find_mentions(text, matcher_for(gaz), nlp if parsed is None else None, doc=parsed)
    places = tuple(resolve(mentions, gaz))
    sentences = split_sentences(text)
    dates = find_dates(text, document.published)
    # The dateline ("KYIV (AP) -") says where the story was filed: it is a place the text names,
    # but no figure or event happens there and it is not what the article is about.
    dateline = find_dateline(text)
    local = tuple(r for r in places if dateline is None or not _inside(r.mention, dateline))
    figures = find_figures(text, sentences, [r.mention for r in local], dates)
    # Demonyms ("Syrian army", "Russian airstrikes") name actors, never an event's place.
    events = find_events(text, sentences, [r.mention for r in local if not r.demonym], dates)
    extraction = Extraction(
        document=document,
        mentions=tuple(mentions),
        dates=tuple(dates),
        figures=tuple(figures),
        events=tuple(events),
    )
    return Analysis(
        extraction, tuple(sentences), places, focus_of(local) or focus_of(places), local
    )


def _inside(mention: Mention, span: tuple[int, int]) -> bool:
    return span[0] <= mention.start and mention.end <= span[1]


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
    for done, (document, parsed) in enumerate(_parsed(documents, nlp), start=1):
        label = describe(document)
        try:
            analysis = analyse(document, gazetteer=gaz, parsed=parsed)
        except Exception as error:  # one bad article must not sink the batch
            problems.append(f"{label}: could not be read ({type(error).__name__}: {error})")
            continue
        if not analysis.places:
            problems.append(f"{label}: no places found in the text, nothing to map")
        elif nlp is not None and parsed is None:
            problems.append(
                f"{label}: {len(document.text):,} characters, more than the NER model reads at "
                "once; its places were found by the gazetteer alone"
            )
        rows.extend(feature_rows(analysis))
        if progress is not None:
            progress(done, total, label)
    return PipelineResult(features_from_records(rows), problems)


def _parsed(
    documents: Sequence[Document], nlp: spacy.Language | None
) -> Iterator[tuple[Document, Doc | None]]:
    """Each document with its spaCy parse, run over batches as ``atlas geoparse`` does."""
    for first in range(0, len(documents), BATCH):
        batch = documents[first : first + BATCH]
        if nlp is None:
            yield from ((document, None) for document in batch)
        else:
            yield from zip(batch, parse_texts(nlp, [d.text for d in batch]), strict=True)


def describe(document: Document) -> str:
    """How messages name a document: the file (and row) it came from, and its title."""
    names = [name for name in (document.origin, document.title) if name]
    if len(names) == 2 and names[0] != names[1]:
        return f"{names[0]} ({names[1]})"
    return names[0] if names else document.id


def feature_rows(analysis: Analysis) -> Iterator[dict[str, Any]]:
    """Rows of the features frame for one analysed document: places, figures, then events."""
    yield from _place_rows(analysis, analysis.sentences)
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
        "name": place.name,
        "geonameid": place.geonameid,
        "lon": place.lon,
        "lat": place.lat,
        **_when(period, document.published),
        "doc_id": document.id,
        "title": document.title,
        "url": document.url,
        "published": document.published,
        "geo_precision": precision,
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
        yield {
            **_located("place", first, document, period=None, from_focus=False),
            "mentions": len(group),
            "quote": sentence.text if sentence else first.mention.text,
            "char_start": first.mention.start,
            "char_end": first.mention.end,
        }


def _figure_place(figure: Figure, analysis: Analysis) -> tuple[Resolved | None, bool]:
    """The resolved place a figure is about, and whether it fell back to the article's focus.

    A figure whose sentence names no place falls to the focus, except a tally attributed to a
    source over a calendar period of a month or more ("more than 500 children in the first nine
    months of 2019, UNICEF said") or a toll of the whole war ("the war has killed 12,000"):
    such statistics are kept for a whole country, so it goes to the focus's country when the
    article names it.
    """
    if figure.place is not None:
        for resolved in analysis.places:
            if _same_span(resolved.mention, figure.place):
                return resolved, False
    nearest = _nearest_in_sentence(figure, analysis)
    if nearest is not None:
        return nearest, False
    war_toll = figure.category != "population" and _WAR_WIDE.search(figure.sentence.text)
    national = _national_tally(figure) or war_toll
    if national and analysis.focus is not None:
        country = _country_of(analysis.focus, analysis.places)
        if country is not None:
            return country, False
    return analysis.focus, True


# Words before a place that make it where people go, not where the figure happened.
_DESTINATION_BEFORE = re.compile(
    r"(?i)\b(?:to|toward|towards|into|border|borders|frontier|outside|beyond)\b(?:\W+\w+){0,4}\W*$"
)
# A place that speaks or acts ("Ankara has expressed alarm", "organised by Moscow") stands for a
# government, not for where the people counted are.
_ACTOR_AFTER = re.compile(
    r"(?i)\s+(?:(?:has|have|had|also|later|then|again)\s+)*(?:said|says|say|expressed|warned"
    r"|warns|announced|accused|called|urged|denied|condemned|demanded|threatened|vowed|pledged"
    r"|agreed|rejected|proposed|deployed|blamed|claimed|critici[sz]ed|welcomed|asked|insisted"
    r"|responded|retaliated|promised|offered)\b"
)
_ACTOR_BEFORE = re.compile(r"(?i)\bby\s+(?:the\s+)?$")
_PART_OF_BEFORE = re.compile(
    r"(?i)\b(?:north|south|east|west|central|(?:north|south)-?(?:east|west))(?:ern)?\s+$"
)


def _nearest_in_sentence(figure: Figure, analysis: Analysis) -> Resolved | None:
    """The place the figure's own sentence names nearest to it, when extraction linked none.

    Skipped: demonyms, the dateline, a road's name, and where people went ("fled toward the
    border with Turkey"), except for refugees, who are counted where they are hosted ("crossed
    into Chad"). "Northern Syria" is a part of the country: the article's focus, when it lies in
    that country, says where better than the country's middle does.
    """
    text = analysis.extraction.document.text
    sentence = figure.sentence
    candidates = [
        r
        for r in analysis.located
        if not r.demonym
        and sentence.start <= r.mention.start
        and r.mention.end <= sentence.end
        and not names_a_road(text, r.mention)
        and not _ACTOR_AFTER.match(text, r.mention.end)
        and (figure.category == "refugees" or not _elsewhere(text, sentence, r.mention))
    ]
    if not candidates:
        return None
    nearest = min(
        candidates,
        key=lambda r: max(r.mention.start - figure.char_end, figure.char_start - r.mention.end),
    )
    focus = analysis.focus
    if (
        nearest.geo_precision == 3
        and focus is not None
        and focus.geo_precision < 3
        and focus.place.country_code == nearest.place.country_code
        and _PART_OF_BEFORE.search(text[sentence.start : nearest.mention.start])
    ):
        return None
    return nearest


def _elsewhere(text: str, sentence: Sentence, mention: Mention) -> bool:
    """Whether the place is where people went or who did something, rather than where they are."""
    before = text[max(sentence.start, mention.start - 50) : mention.start]
    return bool(_DESTINATION_BEFORE.search(before) or _ACTOR_BEFORE.search(before))


_RELATIVE = ("this ", "last ", "past ", "previous ", "recent", "the last", "the past")
# "The war has killed more than 12,000 people": a toll of the whole war is the country's.
_WAR_WIDE = re.compile(
    r"(?i)(?<!before\s)(?<!after\s)\b(?:the|this|its)\s+(?:[\w-]+\s+){0,2}"
    r"(?:war|conflict|insurgency)\b"
)


def _national_tally(figure: Figure) -> bool:
    """An attributed count over a named calendar month, quarter or year, with no place."""
    period = figure.period
    if period is None or figure.source is None or period.precision < 3:
        return False
    words = period.text.lower()
    return not any(word in words for word in _RELATIVE) and (period.end - period.start).days >= 20


def _country_of(focus: Resolved, places: Sequence[Resolved]) -> Resolved | None:
    """The country the document names that holds its focus, if any (the focus itself if one)."""
    if focus.geo_precision == 3:
        return focus
    countries = [
        r
        for r in places
        if r.geo_precision == 3 and r.place.country_code == focus.place.country_code
    ]
    named = [r for r in countries if not r.demonym]
    chosen = named or countries
    return chosen[0] if chosen else None


def _same_span(a: Mention, b: Mention) -> bool:
    return a.start == b.start and a.end == b.end


def _figure_rows(analysis: Analysis) -> Iterator[dict[str, Any]]:
    document = analysis.extraction.document
    for figure in analysis.extraction.figures:
        resolved, from_focus = _figure_place(figure, analysis)
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


_HINT_PRECISION = {"town": (1,), "area": (2,), "country": (3,), "any": (1, 2)}


def _event_place(event: Event, analysis: Analysis) -> tuple[Resolved | None, bool]:
    """The resolved place of an event: its own mention; for "the city", "the province" or "it"
    the last such place named before it; else the article's focus (flagged as a fallback)."""
    if event.place is not None:
        for resolved in analysis.places:
            if _same_span(resolved.mention, event.place):
                return resolved, False
    if event.place_hint in _HINT_PRECISION:
        wanted = _HINT_PRECISION[event.place_hint]
        earlier = [
            r
            for r in analysis.located
            if r.mention.end <= event.char_start
            and not r.demonym
            and r.geo_precision in wanted
            and not names_a_road(analysis.extraction.document.text, r.mention)
        ]
        if earlier:
            return earlier[-1], False
    return analysis.focus, True


def _event_rows(analysis: Analysis) -> Iterator[dict[str, Any]]:
    document = analysis.extraction.document
    for event in analysis.extraction.events:
        resolved, from_focus = _event_place(event, analysis)
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
