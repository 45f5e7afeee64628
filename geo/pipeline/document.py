"""One document read through: parsed once, its places resolved, its figures and events
extracted."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property, lru_cache
from typing import TYPE_CHECKING

from extract.events import find_events
from extract.figures import find_figures
from extract.grammar import load_grammar
from extract.ner import Recognised, load_nlp
from extract.parse import parse_document
from extract.records import Document, Event, Figure, Mention, ParsedDocument, Sentence
from extract.spans import InText
from geo.gazetteer import Gazetteer, default_gazetteer
from geo.geoparse import Resolved, Unplaced, focus_of, locate, matcher_for
from geo.geoparse.locate import outside
from geo.pipeline.actors import actor_matcher, front_country, fronts_of

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

    # Lookups for placing figures and events, built once per document: a scan of every place
    # for every figure would make long documents quadratic.

    @cached_property
    def _by_span(self) -> dict[tuple[int, int], Resolved]:
        spans: dict[tuple[int, int], Resolved] = {}
        for resolved in self.places:
            spans.setdefault((resolved.mention.start, resolved.mention.end), resolved)
        return spans

    def place_named(self, mention: Mention) -> Resolved | None:
        """The resolved place of exactly this mention, if it was resolved."""
        return self._by_span.get((mention.start, mention.end))

    @cached_property
    def located_in_text(self) -> InText[Resolved]:
        """``located`` in text order, to take a sentence's share by bisection."""
        return InText(self.located, lambda r: r.mention.start)

    @cached_property
    def _figures_by_sentence(self) -> dict[int, list[Figure]]:
        grouped: dict[int, list[Figure]] = {}
        for figure in self.figures:
            grouped.setdefault(figure.sentence.start, []).append(figure)
        return grouped

    def figures_in(self, sentence: Sentence) -> list[Figure]:
        """The figures found in ``sentence``."""
        return self._figures_by_sentence.get(sentence.start, [])

    @cached_property
    def _kept(self) -> dict[str, InText[Resolved]]:
        return {}

    def last_located_before(
        self, position: int, kind: str, keep: Callable[[Resolved], bool]
    ) -> Resolved | None:
        """The last located place ending before ``position`` that ``keep`` accepts.

        ``kind`` names the filter: the places it keeps are indexed once per document, so
        ``keep`` must be the same function whenever ``kind`` is.
        """
        if kind not in self._kept:
            kept = [r for r in self.located if keep(r)]
            self._kept[kind] = InText(kept, lambda r: r.mention.start)
        return self._kept[kind].last_before(position, lambda r: r.mention.end <= position)


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
    doc: Doc | Recognised | None = None,
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
    fronts = fronts_of(document.text)
    found = locate(parsed, gaz, fronts, actor_matcher().group_named)
    places = found.places
    # The dateline ("KYIV (AP) -") says where the story was filed: it is a place the text names,
    # but no figure or event happens there and it is not what the article is about.
    local = tuple(r for r in places if outside(r.mention, parsed.dateline))
    figures = find_figures(parsed, [r.mention for r in local])
    # Demonyms ("Syrian army", "Russian airstrikes") name actors, never an event's place.
    events = find_events(parsed, [r.mention for r in local if not r.demonym], actor_matcher())
    focus = focus_of(local) or focus_of(places)
    if (focus is None or focus.demonym) and len(fronts) == 1:
        # "Turkish ... fighters clashed with QSD forces in the village of Farat": the nationality
        # says who fought, the QSD's country where
        focus = front_country(fronts[0], gaz) or focus
    return Analysis(
        parsed, tuple(figures), tuple(events), places, focus, local, found.unplaced, gaz
    )
