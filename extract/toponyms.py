"""Place-name recognition: a gazetteer automaton carries it, spaCy NER is one signal.

The automaton runs over :func:`extract.normalize.keyed_text` of the document, so spelling variants
match, and hits map back to the document's own characters. The names come from whoever wires the
pipeline (``geo.geoparse``): this module never imports ``geo``.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable
from typing import TYPE_CHECKING

import ahocorasick

from extract.areas import in_a_bracket_of_areas
from extract.ner import (
    BLOCKING_LABELS,
    Entity,
    Recognised,
    entities_of,
    recognise,
)
from extract.normalize import KeyedText, keyed_text, name_key
from extract.records import Mention

if TYPE_CHECKING:
    import spacy
    from spacy.tokens import Doc

PLACE_LABELS = frozenset({"GPE", "LOC", "FAC", "NORP"})

# Words written with a capital in news that GeoNames also lists as some town's name.
_COMMON_TEXT = """
    a an and are as at be but by for from had has have he her his i if in into is it its me my
    no not of on or our she so than that the their them then there these they this to up us was
    we were what when where which who will with you your all any can do new one out over said
    say says two man men woman city town state people police court army government president
    minister north south east west central university college school hospital church street
    road river lake park airport station bridge center centre port news times post today daily
    world national international union republic january february march april may june july
    august september october november december monday tuesday wednesday thursday friday
    saturday sunday jan feb mar apr jun jul aug sep sept oct nov dec mr mrs ms dr sir king
    queen prince princess lord general governor mayor senator judge chief captain council
    congress senate parliament ministry department office agency party house church mosque god
    christmas easter ramadan eid islam islamic muslim christian jewish catholic first second
    third last early late mid more most many some such other only also just even still after
    before during while since until about above below under between among through across
    against toward towards via per both each every here how why yes okay ok mobile premier
    prime media press report reports according photo video image source sources story live
    breaking update updated home page online still maybe three four five six seven eight nine ten
    eleven twelve twenty thirty forty fifty hundred hundreds thousand thousands dozen dozens
    vice secretary commissioner star wing pope western eastern northern southern peninsula
    avenue square hall tower valley beach island bay hill mount victory liberty union
    independence freedom justice hope grace
"""
COMMON_WORDS = frozenset(_COMMON_TEXT.split())
COMMON_KEYS = frozenset(name_key(word) for word in COMMON_WORDS) - {"al"}
"""The common words as the recogniser keys them ("three" is "thre": doubled letters are one);
not "al" ("all"), the key every Arabic article has, which the recogniser judges on its own."""
# Words that, written right after a name, make it an admin area: "Idlib Province".
ADMIN_SUFFIXES = frozenset(
    {
        "province",
        "governorate",
        "region",
        "county",
        "district",
        "oblast",
        "prefecture",
        "department",
        "state",
        "governate",
        "muhafazah",
        "canton",
    }
)
# Words that, right after a name, make the pair an organisation: "Washington Post".
ORG_HEADS = frozenset(
    {
        "university",
        "college",
        "institute",
        "times",
        "post",
        "journal",
        "herald",
        "tribune",
        "gazette",
        "chronicle",
        "airlines",
        "airways",
        "inc",
        "corp",
        "fc",
        "club",
        "press",
    }
)
_WORD_AFTER = re.compile(r"[ \t]+([A-Z][A-Za-z]+)")
_LINE_AND_AREA_WORDS = frozenset(
    {"highway", "motorway", "road", "river", "plain", "plains", "valley", "desert", "mountains"}
)
# The Arabic article, as written alone ("Al" of "Al-msabha").
_ARTICLES = frozenset({"al", "el"})
# the Arabic article as transliterations write it, assimilated or not, joined by a hyphen
_LOWER_ARTICLES = frozenset(
    {"al", "el", "ad", "ed", "ar", "er", "as", "es", "ash", "esh", "at", "et", "az", "ez", "an",
     "en", "adh", "ath"}
)  # fmt: skip
_NAME_BEFORE = re.compile(r"[A-Z][\w'’-]*\s+$")
# "the town of Mellit", "outskirts of Kutum", "shelled Saraqib": the words before say a place
# follows.
_PLACE_CUE = re.compile(
    r"(?i)\b(?:town|city|village|hamlet|province|governorate|region|district|capital|suburbs?"
    r"|outskirts|vicinity|neighbou?rhood|port|enclave|strongholds?|countryside"
    r"|(?-i:(?:north|south)(?:-?(?:east|west))?|east|west))\s+of\s+$"
    r"|\b(?:shelled|bombed|bombarded|besieged|captured|recaptured|seized|retook|stormed"
    r"|encircled|overran|fled|evacuated|near)\s+$"
)
# "residents remain in Avdiivka": after these a name NER takes for a person is a place.
_LOCATIVE = re.compile(r"\b(?:in|near|outside|around|inside|out\s+of|into|towards?)\s+$")
# Capitalised words that may stand next to a place name without making it another place's:
# "North Darfur", "Gaza Strip", "Upper Nile".
_NAME_PARTS_TEXT = """
    north south east west northern southern eastern western central upper lower greater new old
    strip valley heights mountains mountain hills river lake sea gulf bay coast island islands
    city town camp region province governorate district county state oblast countryside
"""
NAME_PARTS = frozenset(_NAME_PARTS_TEXT.split())
_NAME_PARTS_OK = NAME_PARTS
_CAPITAL_WORD_BEFORE = re.compile(r"([A-Z][a-z]+)[ \t]+$")
_LOWER_WORD = re.compile(r"(?<![A-Za-z])[a-z]+(?![A-Za-z])")


class NameMatcher:
    """Aho-Corasick automaton over normalised place names, built once and reused.

    Parameters
    ----------
    keys
        Normalised names (:func:`extract.normalize.name_key`) of every place to recognise.
    strong
        Keys of places important enough to keep even when NER calls the span a person or an
        organisation, or when the word also appears in lowercase (countries, big cities...).
    dotted
        Keys of abbreviations written with a final dot ("Calif.", "Md."): the dot is kept.
    demonyms
        Keys of demonyms ("syrian", "syrians"): a people or a language is not a place, so
        plurals and demonyms standing alone ("an American.", "in English") are dropped.
    """

    def __init__(
        self,
        keys: Iterable[str],
        strong: Iterable[str] = (),
        *,
        dotted: Iterable[str] = (),
        demonyms: Iterable[str] = (),
    ) -> None:
        automaton = ahocorasick.Automaton(ahocorasick.STORE_INTS)
        self.strong: frozenset[str] = frozenset(strong)
        self.dotted: frozenset[str] = frozenset(dotted)
        self.demonyms: frozenset[str] = frozenset(demonyms)
        for key in keys:
            if key and (key not in COMMON_KEYS or key in self.strong):
                automaton.add_word(key, len(key))
        automaton.make_automaton()
        self._automaton = automaton

    def knows(self, key: str) -> bool:
        """Whether ``key`` is one of the names recognised."""
        return bool(self._automaton.exists(key))

    def hits(self, key_text: str) -> list[tuple[int, int]]:
        """Whole-word, longest, non-overlapping matches as ``[start, end)`` slices of the key."""
        found: list[tuple[int, int]] = []
        size = len(key_text)
        for last, length in self._automaton.iter(key_text):
            start, end = last - length + 1, last + 1
            if (start == 0 or key_text[start - 1] == " ") and (end == size or key_text[end] == " "):
                found.append((start, end))
        # longest first, not counting a closing word for what the place is: "Ras Al-Ain city" is
        # Ras Al-Ain, not "Al Ain City" (the UAE's, by one of its names); then first, then whole
        found.sort(key=lambda span: (-_named_length(key_text, *span), span[0], span[0] - span[1]))
        taken: list[tuple[int, int]] = []
        # which characters a match already took: a check per match, not a scan of the others
        used = bytearray(size)
        for start, end in found:
            if used.find(1, start, end) < 0:
                taken.append((start, end))
                used[start:end] = b"\x01" * (end - start)
        return sorted(taken)


# words a name may end on that say what the place is
_KIND_ENDINGS = (" city", " town", " village", " district", " province", " governorate", " camp")


def _named_length(key_text: str, start: int, end: int) -> int:
    """The length of a match less a closing word for what the place is."""
    for ending in _KIND_ENDINGS:
        if key_text.endswith(ending, start, end) and end - start > len(ending):
            return end - start - len(ending)
    return end - start


def _covering(entities: list[Entity], start: int, end: int) -> Entity | None:
    """The entity overlapping ``[start, end)`` the most, if any. ``entities`` are spaCy's, in
    order and never overlapping, so their ends are in order too: a binary search finds the
    first that ends after ``start``, and only those starting before ``end`` are looked at."""
    best: Entity | None = None
    best_overlap = 0
    first = bisect.bisect_right(entities, start, key=lambda ent: ent.end)
    for i in range(first, len(entities)):  # no copy of the rest: long texts have many
        ent = entities[i]
        if ent.start >= end:
            break
        overlap = min(end, ent.end) - max(start, ent.start)
        if overlap > best_overlap:
            best, best_overlap = ent, overlap
    return best


def _capitalised(surface: str) -> bool:
    """A name's first and last words are capitalised ("M5 highway" and "Ghab plain" may end on
    the lower-case word for what they are)."""
    words = [w for w in re.split(r"[\s\-]+", surface) if w]
    if len(words) > 1 and words[0] in _LOWER_ARTICLES and "-" in surface[: len(words[0]) + 1]:
        words = words[1:]  # "al-Hasakeh", "ad-Dana": the Arabic article is often lower case
    if not words or not words[0][:1].isupper():
        return False
    return words[-1][:1].isupper() or (len(words) > 1 and words[-1] in _LINE_AND_AREA_WORDS)


def _extend_suffix(text: str, end: int, strong: bool) -> tuple[int, str | None]:
    """Include an admin suffix ("Province") or report an organisation head ("Times").

    "State" followed by another capitalised word is an organisation's name ("Colorado State
    University", "Maryland State Police"): a well-known name is kept without it.
    """
    match = _WORD_AFTER.match(text, end)
    if not match:
        return end, None
    word = match.group(1).lower()
    if word == "state" and _WORD_AFTER.match(text, match.end()):
        return (end, None) if strong else (end, "org")
    if word in ADMIN_SUFFIXES:
        return match.end(), "admin"
    if word in ORG_HEADS:
        return end, "org"
    return end, None


_KIND_WORDS = frozenset({"city", "town", "village", "district", "province", "governorate", "camp"})


def _without_trailing_kind(
    keyed: KeyedText, text: str, start: int, end: int, matcher: NameMatcher
) -> int:
    """The end of a hit without a trailing kind word that the text writes in lower case when the
    name alone is known too: "Marib city" is "Marib" (the key "marib city" names a district)."""
    head, _, last = keyed.key[start:end].rpartition(" ")
    if not head or last not in _KIND_WORDS or not matcher.knows(head):
        return end
    word_start, word_end = keyed.span(end - len(last), end)
    return start + len(head) if text[word_start:word_end].islower() else end


def find_mentions(
    text: str,
    matcher: NameMatcher,
    nlp: spacy.Language | None = None,
    *,
    doc: Doc | Recognised | None = None,
) -> list[Mention]:
    """Find place names in ``text``.

    Parameters
    ----------
    text
        The document text.
    matcher
        Automaton over the gazetteer's name keys.
    nlp
        Optional spaCy pipeline (see :func:`load_nlp`); its GPE/LOC/FAC/NORP entities raise a
        mention's score, and PERSON/ORG entities around a weak name drop it.

    Returns
    -------
    list of Mention
        Non-overlapping mentions in text order; ``text`` is the surface form and ``start``/``end``
        are offsets into ``text``. "Idlib Province" is one mention including the suffix.
    doc
        ``text`` already run through the spaCy pipeline (``nlp.pipe`` over many texts is faster
        than one call per text); used instead of ``nlp``.
    """
    keyed = keyed_text(text)
    if doc is None and nlp is not None:
        doc = recognise(nlp, text)
    entities = entities_of(doc) if doc is not None else []
    lowercase_words = set(_LOWER_WORD.findall(text))
    hits: list[tuple[int, int, str]] = []
    for kstart, kend in matcher.hits(keyed.key):
        kend = _without_trailing_kind(keyed, text, kstart, kend, matcher)
        start, end = keyed.span(kstart, kend)
        key = keyed.key[kstart:kend]
        dotted = "." in text[start:end] or key in matcher.dotted
        if dotted and text[end : end + 1] == ".":
            end += 1  # keep the last dot of an abbreviation: "U.S.", "D.C.", "Calif."
        hits.append((start, end, key))

    def judge_all(confirmed: frozenset[str]) -> list[Mention | None]:
        return [
            _judge(
                text,
                start,
                end,
                key,
                text[start:end],
                matcher,
                entities,
                lowercase_words,
                doc is not None,
                confirmed,
            )
            for start, end, key in hits
        ]

    judged = judge_all(frozenset())
    # One sense per document: a name NER itself reads as a place somewhere in the text, or that
    # the words before mark as one ("the town of Sake"), is a place where NER missed it or called
    # it an organisation ("forces captured Saraqib").
    confirmed = frozenset(
        key
        for (start, _, key), mention in zip(hits, judged, strict=True)
        if mention is not None and (mention.ner_label in PLACE_LABELS or _place_cue(text, start))
    )
    if confirmed and any(
        m is None and k in confirmed for (_, _, k), m in zip(hits, judged, strict=True)
    ):
        judged = judge_all(confirmed)
    return [mention for mention in judged if mention is not None]


def _judge(
    text: str,
    start: int,
    end: int,
    key: str,
    surface: str,
    matcher: NameMatcher,
    entities: list[Entity],
    lowercase_words: set[str],
    has_ner: bool,
    confirmed: frozenset[str] = frozenset(),
) -> Mention | None:
    """Keep, score or drop one automaton hit.

    ``confirmed`` holds names NER tagged as a place elsewhere in the same text: where NER sees
    nothing, or an organisation of exactly that name, they are kept all the same.
    """
    strong = key in matcher.strong
    cued = _place_cue(text, start, end)
    vouched = key in confirmed or cued
    ent = _covering(entities, start, end)
    ner_place = ent is not None and ent.label in PLACE_LABELS
    single = " " not in key
    if not _capitalised(surface):
        return None
    if surface.lower() in _ARTICLES:
        return None  # "Al" of "Al-msabha": an article, never a place by itself
    if _PARTICLE_AFTER.match(text, end) or _PARTICLE_BEFORE.search(text, max(0, start - 8), start):
        return None  # "Jisr" of "Jisr-Ash-Shugur", "Qala" of "Qala-i-Barqi": a piece of one name
    before = _NAME_BEFORE.search(text, max(0, start - 40), start) if surface[:1].islower() else None
    if before is not None and before.group().strip().lower() not in COMMON_WORDS:
        return None  # "Ahrar ash-Sham", "Jabhat an-Nusra": the tail of a longer name
    if single and not strong and ner_place and _part_of_longer_name(text, start, end, ent):
        return None  # "Abu" in "the Abu Shouk camp": another place, not in the gazetteer
    if len(key) <= 3 and single and not surface.isupper() and not ner_place and not cued:
        return None  # short names only as codes (US, UK) unless NER or the words vouch
    if single and not strong and not ner_place and surface.lower() in lowercase_words:
        return None  # the word is used as a common noun in this very text ("police")
    if single and not strong and has_ner and ent is None and not vouched:
        return None  # NER read the whole text and saw no name here (a title, a common word)
    if key in matcher.demonyms and _people_or_language(text, start, end, key, matcher.demonyms):
        return None
    end, suffix = _extend_suffix(text, end, strong)
    if suffix == "org" and not strong:
        return None
    if ent is not None and ent.label in BLOCKING_LABELS:
        inside_longer = ent.start < start or ent.end > end
        if ent.label == "PERSON" and inside_longer:
            return None  # "Lincoln" in "Abraham Lincoln", "Jordan" in "Jordan Peterson"
        exact = not inside_longer
        located = ent.label == "PERSON" and _LOCATIVE.search(text, max(0, start - 14), start)
        if (
            not strong
            and (inside_longer or single)
            and not ((vouched or located) and (exact or cued))
        ):
            return None  # "York" in an organisation's name, a person called "Walker"
    score = 0.5 + (0.2 if strong else 0.0) + (0.1 if not single else 0.0)
    if ner_place:
        score += 0.2
    elif ent is not None and ent.label in BLOCKING_LABELS:
        score -= 0.2
    label = ent.label if ent is not None else None
    longer = ent is not None and (ent.start < start or ent.end > end)
    return Mention(start, end, text[start:end], round(min(score, 1.0), 3), label, longer)


# an article or a particle hyphenated on both sides joins words into one name
_PARTICLE = r"(?i:al|el|ad|an|ar|as|ash|at|az|ed|en|er|es|et|ez|ul|ud|ur|us|i|e)"
_PARTICLE_AFTER = re.compile(rf"-{_PARTICLE}-[A-Za-z]")
_PARTICLE_BEFORE = re.compile(rf"[A-Za-z]-{_PARTICLE}-$")


def _place_cue(text: str, start: int, end: int | None = None) -> bool:
    """Whether the words before ``start`` announce a place ("the town of", "the outskirts of"),
    or, given the name's ``end``, the name fills a slot of event notes' admin parentheses."""
    if _PLACE_CUE.search(text, max(0, start - 30), start) is not None:
        return True
    return end is not None and in_a_bracket_of_areas(text, start, end)


def _part_of_longer_name(text: str, start: int, end: int, ent: Entity | None) -> bool:
    """Whether NER's place entity goes on past the match with a word of a longer proper name."""
    if ent is None:
        return False
    after = _WORD_AFTER.match(text, end)
    if after and after.end() <= ent.end and after.group(1).lower() not in _NAME_PARTS_OK:
        return True
    before = _CAPITAL_WORD_BEFORE.search(text, max(0, start - 30), start)
    return bool(
        before
        and before.start(1) >= ent.start
        and before.group(1).lower() not in _NAME_PARTS_OK | COMMON_WORDS
    )


_LANGUAGE_NEXT = frozenset({"language", "languages", "speaking", "speakers", "translation"})
_NEXT_WORD = re.compile(r"[ \t]*([A-Za-z]+|[^\sA-Za-z]|$)")


def _people_or_language(
    text: str, start: int, end: int, key: str, demonyms: frozenset[str]
) -> bool:
    """Whether a demonym names people or a language rather than modifying a noun.

    "Nigerians", "an American." and "in English" are not places; "Russian troops" is.
    """
    plural = (key.endswith("s") and key[:-1] in demonyms) or (
        key.endswith("es") and key[:-2] in demonyms
    )
    if plural:
        return True
    match = _NEXT_WORD.match(text, end)
    following = match.group(1) if match else ""
    if following == "" or following in '.,;:!?)"”':
        return True
    return following.lower() in _LANGUAGE_NEXT


def mention_key(mention: Mention) -> tuple[str, bool]:
    """Normalised name of a mention without its admin suffix, and whether it had one."""
    key = name_key(mention.text)
    head, _, last = key.rpartition(" ")
    if head and last in ADMIN_SUFFIXES:
        return head, True
    return key, False
