"""Where and when a figure is: the place mention and the date its own sentence ties to it
("in Idlib", "Idlib province hosts", "since December")."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from datetime import date

from extract.areas import head_of_areas
from extract.records import DateSpan, Mention, Sentence

__all__ = ["CLAUSE_BREAK", "figure_period", "figure_place", "since_it_began"]


_LEADS = re.compile(r"\s*(?:\w+\s+)?")
CLAUSE_BREAK = re.compile(r"[;:—–()\"“”]|,(?!\d)|\s-\s")

_HOST_BETWEEN = re.compile(
    r"""(?ix)
    (?:'s|’s)?
    (?:\s+(?:and\s+(?:its\s+|the\s+)?surrounding\s+(?:areas?|countryside)
          |province|governorate|city|region|district))?
    (?:\s*,\s*(?:(?:a|an|the)\s+[^,.;:!?]{0,80}?\s+)?(?:which|that|where)\b)?
    (?:\s+(?:already|now|currently|still|also|reportedly|alone))*
    \s+(?:hosts?|holds?|houses|shelters?|has|have|had|counts?|contains?|is\s+home\s+to
         |are\s+home\s+to|is\s+hosting|are\s+hosting)\s*
    """
)
_POSSESSIVE_BETWEEN = re.compile(r"(?:'s|’s)\s+")
_LEADING_IN = re.compile(r"(?i)\b(?:in|across|inside|throughout|within)\s+(?:the\s+)?$")
_AFTER_LEADING_IN = re.compile(
    r"(?i)(?:\s+(?:province|governorate|city|region|district|countryside))?\s*,?\s*"
)
_LINK_AFTER = re.compile(
    r"""(?ix)
    (?:\s+[\w'’-]+){0,6}?
    \s+(?:in|from|inside|across|throughout|within|around|near|of)
    \s+(?:the\s+)?
    (?:(?:city|town|village|province|governorate|region|district|area|countryside|camps?
        |outskirts|suburbs|south|north|east|west)\s+of\s+(?:the\s+)?)?
    """
)
_NOT_THERE = re.compile(
    r"(?i)\b(?:to|toward|towards|into|for|outside|beyond|other|elsewhere|except|border)\b"
)


def figure_place(
    text: str, sentence: Sentence, start: int, end: int, mentions: Sequence[Mention]
) -> Mention | None:
    """The place mention linked to a figure at text[start:end], if any; for one of the areas
    an event note writes in brackets after a place ("Djibo (Djibo, Soum), killing 4"), that
    place."""
    found = _linked(text, sentence, start, end, mentions)
    return head_of_areas(text, found, mentions) if found is not None else None


def _linked(
    text: str, sentence: Sentence, start: int, end: int, mentions: Sequence[Mention]
) -> Mention | None:
    outside = [m for m in mentions if m.end <= start or m.start >= end]
    for mention in sorted((m for m in outside if m.end <= start), key=lambda m: -m.end):
        between = text[mention.end : start]
        if _HOST_BETWEEN.fullmatch(between) or _POSSESSIVE_BETWEEN.fullmatch(between):
            return mention
        if _AFTER_LEADING_IN.fullmatch(between) and _LEADING_IN.search(
            text[sentence.start : mention.start]
        ):
            return mention
    for mention in sorted((m for m in outside if m.start >= end), key=lambda m: m.start):
        between = text[end : mention.start]
        if CLAUSE_BREAK.search(between) or _NOT_THERE.search(between):
            continue
        if _LINK_AFTER.fullmatch(between):
            return mention
    return None


# "The insurgency, which began in October 2017, has killed more than 2,600": a war's tally runs
# from the start the sentence gives it
_BEGAN = re.compile(r"(?i)\b(?:began|started|erupted|broke\s+out|since)\s+(?:in\s+|on\s+)?$")


def since_it_began(text: str, dates: Sequence[DateSpan], published: date | None) -> DateSpan | None:
    """From the date a sentence says a war or crisis began to the article's day, for a tally
    of the whole of it; None when the sentence says no beginning or the article no day."""
    began = next(
        (d for d in dates if _BEGAN.search(text, max(0, d.char_start - 20), d.char_start)), None
    )
    if began is None or published is None or began.start > published:
        return None
    said = re.sub(r"(?i)^(?:in|on)\s+", "", began.text)
    return replace(began, end=published, precision=3, text=f"since {said}")


def figure_period(
    text: str, sentence: Sentence, start: int, end: int, dates: Sequence[DateSpan]
) -> DateSpan | None:
    """The date of the figure's clause: after it in its verb phrase, else before it."""
    after_clause_end = sentence.end
    brk = CLAUSE_BREAK.search(text, end, sentence.end)
    if brk:
        after_clause_end = brk.start()
    after = [d for d in dates if end <= d.char_start < after_clause_end]
    if after:
        return min(after, key=lambda d: d.char_start)
    clause_start = sentence.start
    pattern = re.compile(r"[;:—–()\"“”]|,(?!\d)|\b(?:that|said|says)\b")
    for brk in pattern.finditer(text, sentence.start, start):
        if brk.group() == "," and any(
            d.char_end == brk.start() and _LEADS.fullmatch(text, clause_start, d.char_start)
            for d in dates
        ):
            continue  # "In December, 65 children..." keeps its date
        clause_start = brk.end()
    before = [d for d in dates if clause_start <= d.char_start and d.char_end <= start]
    if not before:  # "the war, which began on April 15, has killed": the war's own span
        before = [
            d
            for d in dates
            if sentence.start <= d.char_start
            and d.char_end <= start
            and re.match(r"(?i)began|started|erupted|broke", d.text)
        ]
    return max(before, key=lambda d: d.char_end) if before else None
