"""Plain records that extraction produces: no coordinates, no I/O.

Character offsets are Python string offsets into ``Document.text``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class Document:
    """One article. ``id`` is a content hash, so the same text is never stored twice."""

    id: str
    text: str
    title: str = ""
    url: str = ""
    published: date | None = None
    source: str = ""  # outlet or file the article came from
    origin: str = ""  # file name (and row) it was loaded from, for error messages


@dataclass(frozen=True)
class Mention:
    """A stretch of text recognised as naming a place."""

    start: int
    end: int
    text: str
    score: float = 1.0  # recognition confidence in [0, 1]
    ner_label: str | None = None  # spaCy's label for the span, when NER agreed
    ner_longer: bool = False  # NER's entity goes on past the span ("Aba" of "Aba Kabirah")


@dataclass(frozen=True)
class DateSpan:
    """A date expression resolved to a closed interval of days.

    ``precision`` follows conflict-event datasets: 1 a day, 2 a week or a range,
    3 a month or vaguer.
    """

    start: date
    end: date
    precision: int
    text: str = ""
    char_start: int = -1
    char_end: int = -1


@dataclass(frozen=True)
class Sentence:
    """A sentence of a document, quoted as provenance."""

    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Figure:
    """A number about people, e.g. 358,000 displaced.

    ``value`` is None for vague amounts ("hundreds of thousands"), which carry ``low``/``high``.
    ``place`` is the mention the figure is about, or None when the article's focus applies.
    """

    category: str  # displaced, at_risk, refugees, returned, killed, injured, killed_or_injured,...
    value: int | None
    low: int | None
    high: int | None
    qualifier: str  # exact, about, more_than, at_least, up_to, vague
    char_start: int
    char_end: int
    sentence: Sentence
    place: Mention | None = None
    period: DateSpan | None = None
    source: str | None = None
    unit: str = "people"  # what is counted: people, households or families (as written)
    parts: tuple[str, ...] = ()  # the counts listed together that make up the value, as written


@dataclass(frozen=True)
class Event:
    """A frontline or control event (advance, capture, siege, control...)."""

    category: str
    actor: str | None
    actor_text: str | None
    char_start: int
    char_end: int
    sentence: Sentence
    place: Mention | None = None
    period: DateSpan | None = None
    direction: str | None = None
    status: str = "reported"  # reported; goal for stated aims; past for "had been held by"
    place_hint: str | None = None  # town, area, country or any: "besieged the city" points back
    subtype: str | None = None  # the shared taxonomy's: armed_clash, shelling, airstrike...
    target: str | None = None  # whom the event is aimed at, normalised like ``actor``
    target_text: str | None = None  # the target as written
    actor_state: str | None = None  # the state whose forces act ("Turkey"), for the place's country


@dataclass(frozen=True)
class UnknownPlace:
    """A name the sentence marks as a place that is not among the gazetteer's mentions.

    ``cue`` holds the words that vouch for it ("village of", "area"); ``anchor`` is the place
    the sentence ties it to (a gazetteer mention or another such name), if any, and ``relation``
    how, in the sentence's words ("countryside of", "west of", "in").
    """

    mention: Mention
    cue: str
    anchor: Mention | None
    relation: str
    sentence: Sentence


@dataclass(frozen=True)
class Link:
    """A count the parse ties to a predicate: the amount's span, the noun it counts (empty when
    the number stands alone: "3 were wounded"), the predicate's words and what they carry."""

    start: int  # document offsets of the amount ("1", "two and a half million", "a")
    end: int
    noun: str  # the counted noun, lower case ("lieutenant", "idps", "families"), or ""
    noun_end: int  # where the counted phrase ends
    predicate: str  # the verb or noun saying what happened ("killed", "killing", "fled")
    negated: bool  # "no civilians were killed"
    modal: bool  # "could be displaced"
    one: bool  # the amount is "a", "an", "another" or "one": a single person
    people: int = 1  # for ``one``: the single persons a list counts ("a guard and his son": 2)


@dataclass(frozen=True)
class ParsedDocument:
    """A document read once: its sentences, date expressions, dateline and place mentions.

    Every extractor reads this record; nothing splits or scans the text again. ``mentions`` are
    every stretch recognised as a place name (geo resolves them); ``unknown`` the names the words
    around them mark as places that the gazetteer does not hold ("the village of Dwerah"), with
    the place each is tied to; ``dateline`` is the ``[start, end)`` span of a wire dateline
    ("KYIV (AP) -") opening the text, if any; ``counts`` the numbers the sentences' grammar ties
    to what happened to the people counted (:mod:`extract.grammar`), when it was parsed.
    """

    document: Document
    sentences: tuple[Sentence, ...]
    dates: tuple[DateSpan, ...]
    mentions: tuple[Mention, ...] = ()
    dateline: tuple[int, int] | None = None
    unknown: tuple[UnknownPlace, ...] = ()
    counts: tuple[Link, ...] = ()

    @property
    def text(self) -> str:
        """The document's text: every offset in the record indexes it."""
        return self.document.text
