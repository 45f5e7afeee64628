"""Names the gazetteer does not hold, still put on the map, and namesakes abroad refused.

A document about one country does not send a piece of a longer name ("Serra" of "Abu Serra") to
a small namesake far abroad: such a choice is taken back and the whole name treated as unknown.
An unknown name (see :mod:`extract.unknown_places`) is first looked for as a near spelling
(:mod:`geo.gazetteer.spelling`) among the places of the countries the document is about, close
to the place its sentence ties it to or to the document's other places. Failing that it is
placed, as conflict-event datasets do, at that anchor ("Ftireh (not in gazetteer), southern
countryside of Idlib", geo_precision 2), or at the document's focus; with neither, it is reported
as unplaced, never dropped without a word.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace

import shapely
from shapely.ops import nearest_points

from extract.records import Mention, Sentence, UnknownPlace
from extract.toponyms import COMMON_WORDS, NAME_PARTS
from extract.unknown_places import names_people, tie
from geo.gazetteer import Gazetteer, Place
from geo.gazetteer.outlines import country_shape
from geo.gazetteer.spelling import likeness, near, skeleton
from geo.geodesy import great_circle_km
from geo.geoparse.containers import (
    FAR_KM,
    SMALL_TOWN,
    Containers,
    by_its_name,
    other_spelling,
)
from geo.geoparse.resolve import Resolved
from geo.geoparse.score import Evidence, probability

__all__ = ["Unplaced", "keep_local", "place_unknown"]

_NER_PLACES = frozenset({"GPE", "LOC", "FAC"})  # not NORP: "Arab" of "Arab Hassan Kabeer"
WEAK_CUE = "in"  # the cue of a name marked only by "in": placed by a near spelling or not at all
MAIN_SHARE = 0.6  # a country with this share of a document's places is what it is about
STRAY_KM = 2_000.0  # a small town named by another spelling this far from all else is refused
NEAR_ANCHOR_KM = 60.0  # a near spelling must lie this close to the place its sentence names
NEAR_CONTEXT_KM = 150.0  # or this close to one of the document's other places
KNOWN_TOWN = 20_000  # with no context at all, only a town this big is taken on its spelling
IN_COUNTRY_RATIO = 70  # letters in common (rapidfuzz ratio) for a near spelling in a country
ANYWHERE_RATIO = 88  # and for a known town when no country is known (Quamishli, Qamishli)


@dataclass(frozen=True)
class Unplaced:
    """A name marked as a place that could not be put anywhere, and why."""

    text: str
    sentence: Sentence
    reason: str


def _countries(places: Sequence[Resolved]) -> Counter[str]:
    """Countries of a document's places; its demonyms' ("Syrian forces") when it names none."""
    named = Counter(r.place.country_code for r in places if r.place.country_code and not r.demonym)
    return named or Counter(r.place.country_code for r in places if r.place.country_code)


def main_country(places: Sequence[Resolved]) -> str | None:
    """The country a document is about, when one holds most of the places it names."""
    counts = Counter(r.place.country_code for r in places if r.place.country_code and not r.demonym)
    if not counts:
        return None
    country, n = counts.most_common(1)[0]
    return country if n / sum(counts.values()) >= MAIN_SHARE else None


def keep_local(
    text: str,
    places: Sequence[Resolved],
    sentences: Sequence[Sentence],
    mentions: Sequence[Mention],
    gazetteer: Gazetteer | None = None,
    dateline: tuple[int, int] | None = None,
    fronts: Sequence[str] = (),
) -> tuple[list[Resolved], list[UnknownPlace]]:
    """Take back a piece of a longer name sent to a town far from every other place the document
    names ("Serra" of "Abu Serra" in Brazil, in a note about Syria), when NER does not call it a
    place either. A document naming no place but a nationality ("Turkish forces") is measured
    against that country; one naming no place for sure but armed groups, against the countries
    they fight in (``fronts``: "the village of Badi" in a note on the QSD is not Baddi, India).

    Returns the places kept and, for each refused one, the whole name read as unknown.
    """
    # each place once, however often it is named: a long text repeats the same few places
    named = {r.place.geonameid: r.place for r in places if not r.demonym and r.geo_precision <= 2}
    nationalities = {r.place.geonameid: r.place for r in places if r.demonym}  # "Turkish forces"
    containers = Containers(text, places, sentences, mentions, gazetteer)
    judged: list[tuple[Resolved, UnknownPlace | None]] = []
    for resolved in places:
        far = _a_piece(text, resolved) and _far_from_all(resolved.place, named, nationalities)
        whole = _longer_name(text, resolved.mention) if far else None
        unknown = tie(text, whole, sentences, mentions) if whole is not None else None
        if unknown is None:
            containers.inside(resolved)
            unknown = containers.abroad(resolved)
        if unknown is None:
            unknown = (
                containers.astray(resolved)
                or containers.stray_area(resolved)
                or containers.in_its_areas(resolved)
            )
        judged.append((resolved, unknown))
    # what a stray is measured against: the places kept that are named whole, by their own name,
    # and sure to be places (an area, a big town, or a name NER calls a place); never a dateline
    # ("GENEVA (Reuters) - Fighting near Saraqeb...": where it was written, not what it is about)
    anchors = {
        r.place.geonameid: r.place
        for r, unknown in judged
        if unknown is None
        and not (dateline and dateline[0] <= r.mention.start < dateline[1])
        and r.place.geonameid in named
        and not other_spelling(r)
        and not _piece_of_longer_name(text, r.mention)
        and (
            r.geo_precision > 1
            or r.place.population >= SMALL_TOWN
            or r.mention.ner_label in {"GPE", "LOC"}
        )
    }
    kept: list[Resolved] = []
    refused: list[UnknownPlace] = []
    for resolved, unknown in judged:
        if (
            unknown is None
            and resolved.geo_precision == 1
            and names_people(text, resolved.mention.end)
            and _far_from_all(resolved.place, anchors, nationalities)
        ):
            continue  # "Arab militias", "Kuki militants": a people, not a town far away
        if unknown is None and (
            _stray(text, resolved, anchors, nationalities)
            or _off_the_fronts(resolved, anchors, fronts)
        ):
            # "Wagah" read as Wagar, Sudan, in a note about Lahore
            unknown = tie(text, resolved.mention, sentences, mentions)
        if unknown is None:
            kept.append(resolved)
        else:
            refused.append(unknown)
    moved = containers.moved
    kept = [_moved(r, moved[r.place.geonameid]) if r.place.geonameid in moved else r for r in kept]
    return kept, refused


def _moved(resolved: Resolved, place: Place) -> Resolved:
    return replace(resolved, place=place, geo_precision=place.geo_precision)


def _far_from_all(
    place: Place,
    named: dict[int, Place],
    nationalities: dict[int, Place],
    km: float = FAR_KM,
) -> bool:
    """Whether every other place the document names (else every nationality) is far away."""
    others = [p for key, p in named.items() if key != place.geonameid] or list(
        nationalities.values()
    )
    return bool(others) and all(
        float(great_circle_km(place.lat, place.lon, p.lat, p.lon)) > km for p in others
    )


def _a_piece(text: str, resolved: Resolved) -> bool:
    """A town the gazetteer matched on a piece of a longer name that NER does not call a place,
    or calls a place whole ("Aba Kabirah": the village, not Aba in Nigeria), or on one of the
    town's other spellings ("Bir" of "Bir Nuh" is one of Beed's names)."""
    mention = resolved.mention
    return (
        resolved.place.geo_precision == 1
        and not resolved.demonym
        and (
            mention.ner_label not in _NER_PLACES or mention.ner_longer or not by_its_name(resolved)
        )
        and _piece_of_longer_name(text, mention)
    )


def _stray(
    text: str, resolved: Resolved, anchors: dict[int, Place], nationalities: dict[int, Place]
) -> bool:
    """A small town named by another of its spellings, on another continent from every place
    the document names for sure (else from the borders of every country its nationalities
    name: "Afghan forces"): a spelling shared by chance ("Tirah" is one of Tire's names,
    "Wagah" one of Wagar's), not the place meant."""
    if not (other_spelling(resolved) or _a_states_letters(text, resolved)):
        return False
    if anchors:
        return _far_from_all(resolved.place, anchors, {}, STRAY_KM)
    codes = {p.country_code for p in nationalities.values() if p.country_code}
    return bool(codes) and all(_far_from_country(resolved.place, code) for code in codes)


# a common noun after the letters makes them a title or an office: "the DC office", "SP court"
_AS_A_TITLE = re.compile(r"\s+[a-z]")


def _a_states_letters(text: str, resolved: Resolved) -> bool:
    """Two or three capitals that name an area within a country ("DC", "PA", "NSW") used as a
    title, before a common noun: in a note about Dhaka, "the DC office" is the Deputy
    Commissioner's, not Washington's ("a base in NJ, where" stays New Jersey). A country's or a
    union's letters ("US", "UK", "EU") say who acts anywhere, and stay."""
    written = resolved.mention.text.replace(".", "")
    return (
        2 <= len(written) <= 3
        and _AS_A_TITLE.match(text, resolved.mention.end) is not None
        and written.isupper()
        and resolved.place.feature_code.startswith("ADM")
        and not resolved.demonym
    )


def _off_the_fronts(resolved: Resolved, anchors: dict[int, Place], fronts: Sequence[str]) -> bool:
    """A small town far from every country the text's armed groups fight in, in a text that
    names no other place for sure: a village the gazetteer lacks, sharing a name with one
    abroad ("captured the village of Java" from the QSD is not Java, Georgia)."""
    place = resolved.place
    if not fronts or resolved.demonym or resolved.geo_precision != 1:
        return False
    if place.population >= SMALL_TOWN or any(key != place.geonameid for key in anchors):
        return False
    return all(_far_from_country(place, code, FAR_KM) for code in fronts)


def _far_from_country(place: Place, code: str, km: float = STRAY_KM) -> bool:
    """Whether ``place`` lies over ``km`` from the borders of country ``code`` (measured to its
    outline: Russia's middle is far from Kupiansk, its border is not)."""
    outline = country_shape(code)
    if outline is None:
        return False
    point = shapely.Point(place.lon, place.lat)
    if outline.covers(point):
        return False
    edge = nearest_points(outline, point)[0]
    return float(great_circle_km(place.lat, place.lon, edge.y, edge.x)) > km


# lower-case words inside a name: the Arabic article, the Persian and Urdu "of" ("Jabal
# al-Turkman", "Dara i Pech", "Qala-i-Barqi", "Kotal-e Khair Khana")
# (written with a space only where no English word is spelled so: "Kyiv as Moscow" is two names)
_JOIN = r"(?:(?:al|el|i|e)[ -]|(?:ad|an|ar|as|ash|at|az|ul|ud|us)-)?"
_CAPITAL_BEFORE = re.compile(rf"\b([A-Z][\w'’]*)[ -]{_JOIN}$")
_CAPITAL_AFTER = re.compile(rf"[ -]{_JOIN}([A-Z][\w'’]*)")


_LONGER = re.compile(
    rf"(?:[A-Z][\w'’]*[ -]{_JOIN})*"
    rf"(?P<piece>[A-Z][\w'’]*)(?:[ -]{_JOIN}[A-Z][\w'’]*)*"
)


def _longer_name(text: str, mention: Mention) -> Mention | None:
    """The whole capitalised name a mention is a piece of ("Abu Serra" for "Serra")."""
    start = max(0, mention.start - 40)
    for match in _LONGER.finditer(text, start, min(len(text), mention.end + 40)):
        if match.start() <= mention.start and mention.end <= match.end():
            words = match.group().split()
            while words and words[0].lower() in COMMON_WORDS:
                words.pop(0)
            name = " ".join(words)
            begin = match.end() - len(name) if name else match.end()
            if name and (begin, match.end()) != (mention.start, mention.end):
                return Mention(begin, match.end(), text[begin : match.end()], mention.score)
    return None


def _piece_of_longer_name(text: str, mention: Mention) -> bool:
    """Whether a capitalised word joins the mention into a longer name ("Abu Serra", "Tal
    Tamer"): the gazetteer matched a piece of a name it does not hold."""
    before = _CAPITAL_BEFORE.search(text, max(0, mention.start - 30), mention.start)
    after = _CAPITAL_AFTER.match(text, mention.end)
    return any(
        m is not None and m.group(1).lower() not in NAME_PARTS | COMMON_WORDS
        for m in (before, after)
    )


def _known_town(place: Place) -> bool:
    return place.feature_code.startswith("PPL") and place.population >= KNOWN_TOWN


def _near_spelling(
    name: str,
    countries: Sequence[str],
    gazetteer: Gazetteer,
    anchor: Place | None,
    context: Sequence[Place],
) -> Place | None:
    """A place of ``countries`` spelled like ``name``, near the anchor or the other places;
    with no country known, a known town spelled nearly the same (consonants and vowels)."""
    form = skeleton(name)
    if not form or (not countries and len(form.replace(" ", "")) < 3):
        return None
    least = IN_COUNTRY_RATIO if countries else ANYWHERE_RATIO
    found = {
        place.geonameid: place
        for key, place in gazetteer.spelled_like(form)
        if (place.country_code in countries if countries else _known_town(place))
        and near(name, key)
        and likeness(name, key) >= least
    }
    if not found:
        return None

    def distance(place: Place, to: Sequence[Place]) -> float:
        return min(float(great_circle_km(place.lat, place.lon, p.lat, p.lon)) for p in to)

    if anchor is not None:
        # "Quamishli city in al-Hasakeh": a province, or a city big enough to name one (as
        # Hasakeh, Idlib, Aleppo do), reaches over the province
        names_province = anchor.feature_code in {"PPLA", "ADM1"} or anchor.population >= SMALL_TOWN
        province = (anchor.country_code, anchor.admin1_code) if names_province else None
        ok = [
            p
            for p in found.values()
            if distance(p, [anchor]) <= NEAR_ANCHOR_KM
            or (p.country_code, p.admin1_code) == province
        ]
    elif context:
        ok = [p for p in found.values() if distance(p, context) <= NEAR_CONTEXT_KM]
    else:
        # no town to be near: a known town, or the one place of the countries so spelled ("the
        # Ein Issa area" in a note on Operation Peace Spring, which fights in Syria alone)
        ok = [p for p in found.values() if p.population >= KNOWN_TOWN] or (
            list(found.values()) if countries and len(found) == 1 else []
        )
    if not ok:
        return None
    to = [anchor] if anchor is not None else list(context)
    return min(ok, key=lambda p: (distance(p, to) if to else 0.0, -p.importance))


def place_unknown(
    unknown: Sequence[UnknownPlace],
    places: Sequence[Resolved],
    focus: Resolved | None,
    gazetteer: Gazetteer,
    fronts: Sequence[str] = (),
) -> tuple[list[Resolved], list[Unplaced]]:
    """Place every unknown name: a near spelling, else its anchor, else the focus.

    Parameters
    ----------
    unknown
        Names marked as places that the gazetteer did not give (with the place each is tied to).
    places
        The document's resolved places: their countries and points are the context.
    focus
        The place the document is mostly about, the last resort.
    fronts
        The countries the text's armed groups fight in: where near spellings are looked for
        when the text names no place.
    """
    countries = [
        c for c, _ in Counter(r.place.country_code for r in places if not r.demonym).most_common(2)
    ] or list(fronts)
    context = [r.place for r in places if r.geo_precision <= 2 and not r.demonym]
    by_span = {(r.mention.start, r.mention.end): r for r in places}
    spelled: list[Resolved] = []
    rest: list[UnknownPlace] = []
    for item in unknown:
        anchor = by_span.get((item.anchor.start, item.anchor.end)) if item.anchor else None
        match = _near_spelling(
            item.mention.text,
            countries,
            gazetteer,
            anchor.place if anchor and not anchor.anchored else None,
            context,
        )
        if match is None:
            rest.append(item)
            continue
        resolved = _resolved(item.mention, match, match.geo_precision, 0.75)
        spelled.append(replace(resolved, note=f"spelled {item.mention.text} in the text"))
        by_span[(item.mention.start, item.mention.end)] = spelled[-1]
    anchored: list[Resolved] = []
    unplaced: list[Unplaced] = []
    for item in reversed(rest):
        if item.cue == WEAK_CUE:
            continue  # "in Kirkat": a place only if a near spelling said so
        anchor = by_span.get((item.anchor.start, item.anchor.end)) if item.anchor else None
        if anchor is not None and not anchor.demonym:
            where = f"{item.relation} {anchor.place.name}".strip()
            base = anchor.place
        elif focus is not None and not focus.demonym and focus.geo_precision <= 2:
            where, base = f"near {focus.place.name}, the place the article names most", focus.place
        else:
            reason = "not in the gazetteer, and the text names no place to tie it to"
            unplaced.append(Unplaced(item.mention.text, item.sentence, reason))
            continue
        precision = max(2, base.geo_precision)
        resolved = _resolved(item.mention, base, precision, 0.5)
        anchored.append(replace(resolved, note=f"not in gazetteer, {where}", anchored=True))
        by_span[(item.mention.start, item.mention.end)] = anchored[-1]
    return spelled + anchored, unplaced


def _resolved(mention: Mention, place: Place, precision: int, share: float) -> Resolved:
    evidence = Evidence(
        recognition=mention.score,
        share=share,
        ner_label=mention.ner_label,
        population=place.population,
        geo_precision=precision,
        text=mention.text,
    )
    return Resolved(
        mention=mention,
        place=place,
        score=round(probability(evidence), 3),
        geo_precision=precision,
        evidence=evidence,
    )
