"""Sentence splitting with character offsets, aware of the abbreviations news copy uses.

A sentence ends at ``.``, ``!`` or ``?`` (plus any closing quotes or brackets) when whitespace and
a capital letter, digit or opening quote follow, unless the word before the stop is a known
abbreviation ("Dec. 1", "Mr. Assad"), an initial ("J. Smith") or a dotted acronym followed by a
name ("the U.N. Security Council"). A blank line always ends a sentence.

No sentence is longer than :data:`MAX_SENTENCE_CHARS`: a longer stretch without a stop (a list
pasted without punctuation, a page of letters with no space) is cut into pieces at the last
semicolon, colon, comma or space before the limit, so that every extractor, which reads a
sentence at a time, works in time linear in the document's length.
"""

from __future__ import annotations

import re

from extract.records import Sentence

__all__ = ["MAX_SENTENCE_CHARS", "split_sentences"]

MAX_SENTENCE_CHARS = 1_000
"""The longest sentence handed on; the longest in the benchmarks' 5,100 sentences has 774."""
_CUTS = ("; ", ": ", ", ", " ")  # where an over-long sentence is cut, best first

# Words that take a full stop but rarely end a sentence (compared lower-case, without the stop).
_ABBREVIATION_WORDS = """
    mr mrs ms dr prof gen lt col maj capt cpt sgt cmdr adm brig sen rep gov pres rev fr sr jr st
    mt ft no nos vol pp fig approx dept est inc corp co ltd bros vs cf al gov't
    jan feb mar apr jun jul aug sep sept oct nov dec
    mon tue tues wed thu thur thurs fri sat sun
"""
_ABBREVIATIONS = frozenset(_ABBREVIATION_WORDS.split())

# After a dotted acronym ("U.S.", "U.N.") these words suggest a new sentence has begun.
_STARTER_WORDS = """
    the a an it its he she they we i this that these those there but and or so yet in on at
    as after before when while if however meanwhile his her their our then
"""
_SENTENCE_STARTERS = frozenset(_STARTER_WORDS.split())

_PARAGRAPH = re.compile(r"\n[ \t\r\f\v]*\n")
_CANDIDATE = re.compile(
    r"""[.!?]+                 # the stop itself (also "?!" or "...")
        ['"”’)\]]*             # closing quotes or brackets that belong to this sentence
        (?=\s+['"“‘(\[]*[A-Z0-9])  # whitespace, then something that can open a sentence
    """,
    re.VERBOSE,
)
_WORD_BEFORE = re.compile(r"([\w.'’-]+)$")
_ACRONYM = re.compile(r"(?:[A-Za-z]\.){2,}")
_NEXT_WORD = re.compile(r"\s+['\"“‘(\[]*([\w’']+)")


def split_sentences(text: str) -> list[Sentence]:
    """Split ``text`` into sentences with offsets into ``text``.

    Parameters
    ----------
    text
        Document text; offsets in the result index this exact string.

    Returns
    -------
    list[Sentence]
        Sentences in order, stripped of surrounding whitespace; empty stretches are dropped.
    """
    sentences: list[Sentence] = []
    para_start = 0
    for para in _PARAGRAPH.finditer(text):
        sentences.extend(_split_block(text, para_start, para.start()))
        para_start = para.end()
    sentences.extend(_split_block(text, para_start, len(text)))
    return sentences


def _split_block(text: str, start: int, end: int) -> list[Sentence]:
    """Split one paragraph, text[start:end], at sentence stops."""
    out: list[Sentence] = []
    block = text[start:end]
    piece_start = 0
    for stop in _CANDIDATE.finditer(block):
        if not _is_boundary(block, stop.start(), stop.group()):
            continue
        _append(out, text, start + piece_start, start + stop.end())
        piece_start = stop.end()
    _append(out, text, start + piece_start, end)
    return out


def _is_boundary(block: str, stop_at: int, stop: str) -> bool:
    """Decide whether the stop at block[stop_at] ends a sentence."""
    if not stop.startswith(".") or stop.startswith(".."):
        return True  # "!", "?" and ellipses end sentences when a capital follows
    if len(stop) > 1 and stop[1:2] in "'\"”’)]":
        return True  # a quotation closed after the stop
    word_match = _WORD_BEFORE.search(block, max(0, stop_at - 64), stop_at)  # not from 0: O(n^2)
    if word_match is None:
        return True
    word = word_match.group(1)
    if _ACRONYM.fullmatch(word + "."):
        following = _NEXT_WORD.match(block, stop_at + len(stop))
        next_word = following.group(1).lower() if following else ""
        return next_word in _SENTENCE_STARTERS
    bare = word.rsplit(".", 1)[-1].lower()
    if bare in _ABBREVIATIONS:
        return False
    return not (len(bare) == 1 and bare.isalpha() and word[-1:].isupper())  # an initial


def _append(out: list[Sentence], text: str, start: int, end: int) -> None:
    """Append text[start:end] as a sentence after trimming whitespace, if anything is left."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    while end - start > MAX_SENTENCE_CHARS:
        cut = _cut(text, start, start + MAX_SENTENCE_CHARS)
        _append(out, text, start, cut)
        start = cut
        while start < end and text[start].isspace():
            start += 1
    if start < end:
        out.append(Sentence(start=start, end=end, text=text[start:end]))


def _cut(text: str, start: int, limit: int) -> int:
    """Where to end a piece of the over-long sentence at text[start:]: after the last clause
    break (or space) in the second half of text[start:limit], else at ``limit``."""
    half = start + (limit - start) // 2
    for mark in _CUTS:
        found = text.rfind(mark, half, limit)
        if found != -1:
            return found + len(mark.rstrip())
    return limit
