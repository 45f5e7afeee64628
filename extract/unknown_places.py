"""Names the sentence marks as places that the gazetteer does not hold, and what they are tied to.

Conflict reporting names villages, camps, fronts and neighbourhoods no gazetteer a package ships
has. The words around such a name still say it is a place: "the village of Dwerah", "Olasha
village", "the outskirts of Tarhuna", "the Kirkat area", "near Hnutove", "captured Bir Atwan". And
they often say where it is: "in the countryside of Menbij", "in Jandairis in Aleppo", "west of
Ras al-Ain", "Tininai (Misrata)", "Tagab district, Kapisa". This module finds those names and
the known place (a gazetteer mention) each is tied to; geo.geoparse then looks for a near
spelling in the document's countries, and failing that places the name at its anchor, as
conflict-event datasets code a location they cannot find.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from extract.records import Mention, Sentence, UnknownPlace
from extract.spans import InText
from extract.toponyms import COMMON_WORDS, ORG_HEADS

__all__ = ["find_unknown_places", "names_people", "tie"]


# A name: capitalised words, with the particles Arabic, Persian, Pashto and Romance names carry
# ("Shawarighat al Arz", "Qala-i-Barqi", "Ain al-Arab", "Umm al Asafir", "Dera Ghazi Khan").
_WORD = r"[A-Z][\w'’]*(?:-[A-Za-z][\w'’]*)*"
_PARTICLE = r"(?:al|el|ad|an|ar|as|ash|at|az|ad|ud|ul|bin|ibn|bani|de|del|la|le|i|e|wa|o)"
_NAME = rf"{_WORD}(?:[ -](?:{_PARTICLE}[ -])?{_WORD}){{0,4}}"
_KINDS = (
    r"village|town|city|hamlet|settlement|area|district|sub-?district|neighbou?rhood|quarter"
    r"|camp|front|frontline|countryside|locality|region|hills?|mountains?|plain|desert|valley"
    r"|checkpoint|crossing|junction|farms?|outskirts|vicinity|suburbs?|municipality|upazila"
    r"|tehsil|union|subdivision|governorate|province|state|oblast|raion|county"
)
# Words before a name that say a place follows.
_CUE_BEFORE = re.compile(
    rf"(?i)(?:\b(?:{_KINDS})\s+of|\bnear|\bcaptured|\brecaptured|\bseized|\bretook"
    r"|\bstormed|\bshelled|\bbombed|\bbombarded|\bbesieged)\s+(?:the\s+)?$"
)
# Words after a name that say it is a place ("Olasha village", "the Kirkat area").
_CUE_AFTER = re.compile(rf"\s+(?:{_KINDS})\b")
_LOCATIVE_BEFORE = re.compile(r"(?i)\b(?:in|into|from)\s+(?:the\s+)?$")
# From the end of a name to the place it is tied to.
_LINK = re.compile(
    rf"""(?ix)
    (?:\s+(?:{_KINDS}))?                                  # "Olasha village"
    (?P<how>
      \s*,\s*
     |\s*\(\s*
     |\s+(?:area\s+)?(?:in|of|near|at|outside)\s+(?:the\s+)?(?:(?:{_KINDS})\s+of\s+(?:the\s+)?)?
     |\s+(?:(?:in|of)\s+the\s+)?(?:(?:north|south|east|west|north-?east|north-?west|south-?east
        |south-?west)(?:ern|ward)?\s+)(?:(?:countryside|outskirts|vicinity|part|suburbs)\s+
        (?:of\s+(?:the\s+)?)?
        |of\s+(?:the\s+)?(?:(?:{_KINDS})\s+of\s+)?)
     |\s+in\s+the\s+(?:(?:north|south|east|west)(?:ern)?\s+)?
    )
    """
)
_COMPASS = re.compile(
    r"(?i)\b((?:north|south|east|west|north-?east|north-?west|south-?east|south-?west)"
    r"(?:ern|ward)?)\b"
)
# Capitalised words that are not place names here: dates, days, titles, groups and forces.
_NOT_NAMES_TEXT = """
    january february march april may june july august september october november december
    monday tuesday wednesday thursday friday saturday sunday on in at the a an as of army
    forces force police militia militias brigade brigades battalion regiment division front
    council party movement group groups faction factions coalition government regime ministry
    operation state islamic national democratic syrian turkish russian american president
    minister commander general colonel sheikh imam dr mr mrs ms fighters rebels media office
    agency committee mission observers smm osce un
"""
_NOT_NAMES = frozenset(_NOT_NAMES_TEXT.split())
_ORG_TEXT = """
    department office association league championship cup summit embassy ministry agency
    committee company bank analytics council parliament court party school academy restaurant
    hotel club channel television radio network foundation fund program programme project
    """
_ORG_WORDS = ORG_HEADS | frozenset(_ORG_TEXT.split())
_MAX_LINK = 90  # characters between a name and its anchor


def find_unknown_places(
    text: str,
    sentences: Sequence[Sentence],
    mentions: Sequence[Mention],
    not_places: Sequence[tuple[int, int]] = (),
) -> list[UnknownPlace]:
    """Place names the words around them vouch for, outside every gazetteer mention.

    An anchor is a gazetteer mention or another such name ("Tal Jammeh area in the countryside
    of Ras Al Ain": Ras Al Ain, itself unknown to the gazetteer, once it is placed).
    ``not_places`` are spans NER reads as people, organisations or events: a name inside one is
    taken only after "the village of" and the like. A name marked only by "in" ("in al-Hasakeh")
    is a weak one (cue ``in``): a near spelling of a known place may take it, nothing else.
    """
    spans: list[tuple[Mention, str, Sentence]] = []
    # Looked up by bisection: a scan of every mention for every name is quadratic on long texts.
    known = _Spans([(m.start, m.end) for m in mentions])
    entities = _Spans(list(not_places))
    for sentence in sentences:
        for match in re.finditer(_NAME, sentence.text):
            start, end = _trim(text, sentence.start + match.start(), sentence.start + match.end())
            if end <= start or known.overlaps(start, end):
                continue
            # names are found in text order: only the last one taken can overlap this one
            if spans and start < spans[-1][0].end and spans[-1][0].start < end:
                continue
            cue = _cue(text, sentence, start, end)
            if cue is None or not _plausible(text[start:end]):
                continue
            if entities.covers(start, end) and not cue.endswith(" of"):
                continue
            spans.append((Mention(start, end, text[start:end], 0.5), cue, sentence))
    every = InText([*mentions, *(span[0] for span in spans)], lambda m: m.start)
    found: list[UnknownPlace] = []
    for mention, cue, sentence in spans:
        inside = [m for m in every.within(sentence) if m.end <= sentence.end]
        anchor, relation = _anchor(text, mention.end, inside)
        found.append(UnknownPlace(mention, cue, anchor, relation, sentence))
    return found


# a people noun right after a name makes it a people's name ("Amhara civilians", "Kuki
# militants", "Arab militias"), not where something happened
_PEOPLE_AFTER = re.compile(
    r"\s+(?:civilians|labou?rers|farmers|herders|herdsmen|villagers|militias?|militiamen"
    r"|militants|fighters|rebels|insurgents|tribesmen|youths?|pilgrims|clans?|ethnic)\b"
)


def names_people(text: str, end: int) -> bool:
    """Whether the name ending at ``end`` is followed by a people noun (see above)."""
    return _PEOPLE_AFTER.match(text, end) is not None


def tie(
    text: str, mention: Mention, sentences: Sequence[Sentence], mentions: Sequence[Mention]
) -> UnknownPlace | None:
    """``mention`` read as a name not in the gazetteer (a namesake abroad was refused for it),
    with the place its sentence ties it to; None outside every sentence."""
    sentence = next((s for s in sentences if s.start <= mention.start < s.end), None)
    if sentence is None:
        return None
    inside = [m for m in mentions if sentence.start <= m.start and m.end <= sentence.end]
    anchor, relation = _anchor(text, mention.end, inside)
    return UnknownPlace(mention, "", anchor, relation, sentence)


class _Spans:
    """Character spans, to ask which overlap or cover a stretch without scanning them all."""

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        self._index = InText(spans, lambda span: span[0])
        self._longest = max((e - s for s, e in spans), default=0)

    def _near(self, start: int, end: int) -> list[tuple[int, int]]:
        return self._index.between(start - self._longest, end)

    def overlaps(self, start: int, end: int) -> bool:
        return any(s < end and start < e for s, e in self._near(start, end))

    def covers(self, start: int, end: int) -> bool:
        return any(s <= start and end <= e for s, e in self._near(start, end))


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Drop leading and trailing words that are not part of a name ("On", "Army", "Forces")."""
    words = list(re.finditer(r"[\w'’-]+", text[start:end]))
    while words and _not_name(words[0].group()):
        words.pop(0)
    while words and _not_name(words[-1].group()):
        words.pop()
    if not words:
        return start, start
    return start + words[0].start(), start + words[-1].end()


def _plausible(name: str) -> bool:
    """Not a common word alone, an organisation ("University", "Department") or a possessive."""
    words = name.lower().replace("-", " ").split()
    if name.endswith(("'s", "’s")) or any(w in _ORG_WORDS for w in words):
        return False
    return not (len(words) == 1 and words[0] in COMMON_WORDS)


def _not_name(word: str) -> bool:
    bare = word.lower().split("-")[0]
    return bare in _NOT_NAMES or (word.isupper() and len(word) <= 5) or word[:1].isdigit()


def _cue(text: str, sentence: Sentence, start: int, end: int) -> str | None:
    """The words that vouch for the name as a place, or None."""
    before = text[max(sentence.start, start - 40) : start]
    cue = _CUE_BEFORE.search(before)
    if cue:
        return " ".join(cue.group().lower().split()).removesuffix(" the")
    after = _CUE_AFTER.match(text, end, sentence.end)
    if after:
        return after.group().strip().lower()
    if _LOCATIVE_BEFORE.search(before):
        return "in"
    return None


def _anchor(text: str, end: int, mentions: Sequence[Mention]) -> tuple[Mention | None, str]:
    """The first gazetteer mention the words after the name lead to, and the relation in words."""
    for mention in mentions:
        if mention.start < end or mention.start - end > _MAX_LINK:
            continue
        between = text[end : mention.start]
        link = _LINK.fullmatch(between) if re.search(r"[.;:!?]", between) is None else None
        if link is None:
            continue
        compass = _COMPASS.search(between)
        words = " ".join(between.replace("(", " ").replace(",", " ").split()).lower()
        if "countryside" in words:
            relation = f"{compass.group(1).lower()} countryside of" if compass else "countryside of"
        elif compass:
            relation = f"{compass.group(1).lower()} of"
        elif "near" in words.split():
            relation = "near"
        else:
            relation = "in"
        return mention, relation
    return None, ""
