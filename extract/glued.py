"""Words that text taken out of a PDF runs together: "hadevacuated", "shellingforced",
"displacedpeople", "fledShirqat", "inIDPcamps", "4,500people".

Humanitarian reports reach analysts as PDFs, and their extracted text often loses the space at a
line or column break. Where the lost space hides a word figures are read by ("evacuated",
"people", "refuge"), the count beside it is lost too. A run of letters is split when it is not an
English word itself (wordninja's frequency list, which the package ships) and it is one of those
words joined to a common English word, to a capitalised name, or to an acronym; a number is split
from such a word written against it. Nothing else is touched: place names, words the list knows
("misplaced", "evacuees") and runs no such word is part of stay as written.
"""

from __future__ import annotations

import gzip
import importlib.util
import re
from functools import lru_cache
from pathlib import Path

from extract.figure_words import word_set

__all__ = ["everyday_word", "unglue"]

# Words figures and events are read by, as they are written (lower case).
_KEYWORDS = word_set(
    """
    displaced displacement displacements evacuated evacuation evacuations evacuate evacuees
    fled flee fleeing forced refuge refugees shelter shelters sheltered sheltering homeless
    returned returnees relocated stranded killed killing dead died deaths wounded injured
    injuries casualties fatalities missing people persons families households residents
    civilians camps camp living idps idp
    """
)
_BY_LENGTH = sorted(_KEYWORDS, key=lambda w: (-len(w), w))
# the short words a run may glue ("hadevacuated", "inIDPcamps"); other words need four letters
_SHORT_WORDS = word_set(
    "in of to at on by as is be we he no so up an or had has are was the and for who not now yet "
    "all new few two out"
)
COMMON = 60_000  # the other word of a run must be among the list's most frequent
# a run of letters, not part of an address, a path or a tag ("www.deadspin.com", "#refugeeswelcome")
_RUN = re.compile(r"(?<![\w\-./@#])[A-Za-z]{5,}(?![\w\-@#/]|\.[A-Za-z0-9])")
_NUMBER_AGAINST = re.compile(r"(?<![\w.,])(\d[\d,.]*\d|\d)([A-Za-z]{3,})(?![\w-])")


def unglue(text: str) -> str:
    """``text`` with the runs of letters PDF extraction glued together split by a space (see the
    module's docstring); the text is returned as it is when nothing is glued."""
    if not text:
        return text
    out = _RUN.sub(lambda m: _split(m.group()) or m.group(), text)
    return _NUMBER_AGAINST.sub(_number, out)


def _number(match: re.Match[str]) -> str:
    number, word = match.groups()
    if word.lower() in _KEYWORDS or _split(word):
        return f"{number} {_split(word) or word}"
    return match.group()


def _split(run: str, depth: int = 0) -> str | None:
    """``run`` as the words it glues together, or None when it is no such run."""
    lower = run.lower()
    words, common = _words()
    if not words or lower in words or lower in _KEYWORDS or depth > 2:
        return None
    # a word against a capitalised name or an acronym: "fledShirqat", "inIDPcamps", "IDPcamps"
    camel = re.fullmatch(r"([a-z]{2,})([A-Z].*)", run)
    if camel:
        rest = _split(camel[2], depth + 1)
        if camel[1] in _KEYWORDS or (camel[1] in _SHORT_WORDS and rest):
            return f"{camel[1]} {rest or camel[2]}"
        return None
    acronym = re.fullmatch(r"([A-Z]{2,})([a-z]{3,})", run)
    if acronym and acronym[2] in _KEYWORDS:
        return f"{acronym[1]} {acronym[2]}"
    if not run[:1].islower():
        return None  # "Deadwood" is a town's name, not "dead wood"
    for keyword in _BY_LENGTH:  # longest first, in a fixed order: "idpsnow" is "idps now"
        if lower.endswith(keyword) and _word(lower[: -len(keyword)], common):
            cut = len(run) - len(keyword)
            return f"{run[:cut]} {run[cut:]}"
        if lower.startswith(keyword) and _word(lower[len(keyword) :], common):
            cut = len(keyword)
            return f"{run[:cut]} {run[cut:]}"
    return None


def _word(part: str, common: frozenset[str]) -> bool:
    return part in _SHORT_WORDS or (len(part) >= 4 and part in common)


def everyday_word(word: str) -> bool:
    """Whether ``word`` is among the :data:`EVERYDAY` most frequent English words ("armed",
    "suspected", "the"; not "Fulani" or "Murle"); False without the list."""
    return word.lower() in _ranked()[2]


EVERYDAY = 15_000


@lru_cache(maxsize=1)
def _words() -> tuple[frozenset[str], frozenset[str]]:
    """Every word of wordninja's list, and its most frequent :data:`COMMON`; empty sets (nothing
    is split) when the package is missing."""
    every, common, _ = _ranked()
    return every, common


@lru_cache(maxsize=1)
def _ranked() -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    spec = importlib.util.find_spec("wordninja")
    if spec is None or spec.origin is None:
        return frozenset(), frozenset(), frozenset()
    path = Path(spec.origin).parent / "wordninja" / "wordninja_words.txt.gz"
    if not path.is_file():
        return frozenset(), frozenset(), frozenset()
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        ranked = [line.strip() for line in handle if line.strip()]
    return frozenset(ranked), frozenset(ranked[:COMMON]), frozenset(ranked[:EVERYDAY])
