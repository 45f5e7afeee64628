"""One document read through: parsed once, its places resolved, its figures and events
extracted."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from extract.events import find_events
from extract.figures import find_figures
from extract.grammar import load_grammar
from extract.parse import parse_document
from extract.records import Document, Event, Figure, ParsedDocument
from extract.toponyms import load_nlp
from geo.gazetteer import Gazetteer, default_gazetteer
from geo.geoparse import Resolved, Unplaced, focus_of, locate, matcher_for
from geo.geoparse.locate import outside
from geo.pipeline.actors import actor_matcher

if TYPE_CHECKING:
    import spacy
    from spacy.tokens import Doc


@dataclass(frozen=True)
class Analysis:
    """One document read through: the parse, what was extracted, and where its places are."""

    parsed: ParsedDocument
    figures: tuple[Figure, ...]
    events: tuple[Event, ...]
    places: tuple[Resolved, ...]
    focus: Resolved | None  # the place the article is mostly about
    located: tuple[Resolved, ...]  # the places, less the dateline's: where things happen
    unplaced: tuple[Unplaced, ...] = ()  # names marked as places that could be put nowhere
    gazetteer: Gazetteer | None = None  # the gazetteer the places were resolved with

    @property
    def document(self) -> Document:
        """The article read."""
        return self.parsed.document


@lru_cache(maxsize=1)
def default_nlp() -> spacy.Language:
    """spaCy's small English model, loaded once per process."""
    return load_nlp()


def describe(document: Document) -> str:
    """How messages name a document: the file (and row) it came from, and its title."""
    names = [name for name in (document.origin, document.title) if name]
    if len(names) == 2 and names[0] != names[1]:
        return f"{names[0]} ({names[1]})"
    return names[0] if names else document.id


def analyse(
    document: Document,
    *,
    gazetteer: Gazetteer | None = None,
    nlp: spacy.Language | None = None,
    doc: Doc | None = None,
    grammar: bool = True,
) -> Analysis:
    """Parse, resolve and extract everything in one document.

    ``doc`` is the document already run through ``nlp``, as
    :func:`geo.pipeline.batch.extract` does over batches. ``grammar`` parses the sentences that
    may count people (:mod:`extract.grammar`); without it figures come from word patterns alone.
    """
    gaz = gazetteer or default_gazetteer()
    parsed = parse_document(
        document,
        matcher_for(gaz),
        nlp=nlp if doc is None else None,
        doc=doc,
        grammar=load_grammar() if grammar else None,
    )
    found = locate(parsed, gaz)
    places = found.places
    # The dateline ("KYIV (AP) -") says where the story was filed: it is a place the text names,
    # but no figure or event happens there and it is not what the article is about.
    local = tuple(r for r in places if outside(r.mention, parsed.dateline))
    figures = find_figures(parsed, [r.mention for r in local])
    # Demonyms ("Syrian army", "Russian airstrikes") name actors, never an event's place.
    events = find_events(parsed, [r.mention for r in local if not r.demonym], actor_matcher())
    focus = focus_of(local) or focus_of(places)
    return Analysis(
        parsed, tuple(figures), tuple(events), places, focus, local, found.unplaced, gaz
    )
