"""Things found in a text (mentions, dates, figures), kept in text order so a sentence or a
stretch takes its share of them by bisection. A filter over all of them for every sentence is
quadratic in the length of the text; this keeps each extractor linear on long documents."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Iterable
from typing import Generic, TypeVar

from extract.records import Sentence

__all__ = ["InText"]

_T = TypeVar("_T")


class InText(Generic[_T]):
    """``items`` sorted by where they start (``start`` reads an item's first character)."""

    def __init__(self, items: Iterable[_T], start: Callable[[_T], int]) -> None:
        self._items = sorted(items, key=start)
        self._starts = [start(item) for item in self._items]

    def between(self, start: int, end: int) -> list[_T]:
        """The things that start in ``[start, end)``, in text order."""
        first = bisect_left(self._starts, start)
        return self._items[first : bisect_left(self._starts, end, first)]

    def within(self, sentence: Sentence) -> list[_T]:
        """The things that start inside ``sentence``, in text order."""
        return self.between(sentence.start, sentence.end)

    def last_before(self, position: int, ok: Callable[[_T], bool]) -> _T | None:
        """The last thing starting before ``position`` that ``ok`` accepts, walking back from
        ``position`` (no copy of what lies before it)."""
        for i in range(bisect_left(self._starts, position) - 1, -1, -1):
            if ok(self._items[i]):
                return self._items[i]
        return None
