"""The areas an event note writes in brackets after a place: "in Djibo (Djibo, Soum)", "Al
Hishah (Misrata)", "Bakorat and Wistane (Tillia, Tahoua)". The name before the bracket and the
names in it are places whatever NER calls them, the place is the one before the bracket (a
figure after it is about the place, not its last area), and the areas say which of its
namesakes is meant (:mod:`geo.geoparse.containers`)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Protocol, TypeVar

__all__ = ["IN_ITS_AREAS", "head_of_areas", "in_a_bracket_of_areas"]


class _Spanned(Protocol):
    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...


_M = TypeVar("_M", bound=_Spanned)


# Event datasets' notes write a place with the areas it lies in: "in Djibo (Djibo, Soum)", "in
# Al Hishah (Misrata)", "the villages of Bakorat and Wistane (Tillia, Tahoua)". A part is a
# capitalised name with some lower case ("(TI)", "(JAS)" are a group's initials), no colon, slash
# or digit ("(Image: Getty)", "(2-1)"). With one part only, the place before it must follow a
# word that puts a place ("Michael O'Leary (Ryanair)", "Dozhd (Rain)" are glosses).
_PART = r"[A-Z](?=[^(),;:/\d\n]*[a-z])[^(),;:/\d\n]{0,40}"
_AREAS = re.compile(rf"\s*\(\s*{_PART}(?P<more>(?:,\s*{_PART}){{1,3}})?\)")
_PUTS = re.compile(r"(?i)\b(?:in|near|at|around|outside|inside|of|from|to|towards?|between)\s+$")
_PUTS_BEFORE = re.compile(
    r"(?i)\b(?:in|near|around|outside|inside|of|between)\s+(?:the\s+)?"
    r"(?:(?-i:[A-Z])[\w'’.-]*\s+){1,4}$"
)


def in_a_bracket_of_areas(text: str, start: int, end: int) -> bool:
    """Whether the name at ``start``..``end`` is followed by the areas it lies in, or is one of
    them."""
    if not any(c.islower() for c in text[start:end]):
        return False
    areas = _AREAS.match(text, end)
    if areas is not None and (areas["more"] or _PUTS.search(text, max(0, start - 14), start)):
        return True
    opening = text.rfind("(", max(0, start - 130), start)
    if opening < 0 or not re.fullmatch(rf"\s*(?:{_PART},\s*){{0,3}}", text[opening + 1 : start]):
        return False
    areas = _AREAS.match(text, opening - 1 if text[opening - 1 : opening] == " " else opening)
    if areas is None or areas.end() < end:
        return False
    return (
        bool(areas["more"]) or _PUTS_BEFORE.search(text, max(0, opening - 60), opening) is not None
    )


# from a place to one of the areas in brackets after it: "Djibo (", "Djibo (Djibo, "
IN_ITS_AREAS = re.compile(r"\s*\((?:[^()\n]{0,80}?,\s*)?")


def head_of_areas(text: str, mention: _M, mentions: Sequence[_M]) -> _M:
    """The place of ``mentions`` whose areas the brackets holding ``mention`` list, as event
    notes write them ("Djibo" for "Soum" in "Djibo (Djibo, Soum)"); else ``mention``."""
    return next(
        (
            m
            for m in mentions
            if m.end <= mention.start and IN_ITS_AREAS.fullmatch(text, m.end, mention.start)
        ),
        mention,
    )
