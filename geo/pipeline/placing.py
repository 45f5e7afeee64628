"""Where a figure or an event goes on the map: the place its own sentence names, a place it
points back to ("the city"), the country for a national tally, else the article's focus."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import replace

import shapely

from extract.areas import head_of_areas
from extract.events import names_a_road
from extract.normalize import name_key
from extract.records import Event, Figure, Mention, Sentence
from geo.geoparse import Resolved
from geo.geoparse.regions import country_part
from geo.pipeline.document import Analysis

__all__ = ["event_place", "figure_place"]


def figure_place(figure: Figure, analysis: Analysis) -> tuple[Resolved | None, bool]:
    """The resolved place a figure is about, and whether it fell back to the article's focus.

    A figure whose sentence names no place falls to the focus, except a tally attributed to a
    source over a calendar period of a month or more ("more than 500 children in the first nine
    months of 2019, UNICEF said") or a toll of the whole war ("the war has killed 12,000"):
    such statistics are kept for a whole country, so it goes to the focus's country when the
    article names it.
    """
    if figure.place is not None:
        named = analysis.place_named(figure.place)
        if named is not None:
            return named, False
    people = _people_counted(figure, analysis)
    if people is not None:
        return people, False
    nearest = _nearest_in_sentence(figure, analysis)
    if nearest is not None:
        return nearest, False
    # The people one amount of the sentence counts stand for its other amounts too ("1 million
    # Somalis are displaced and about 3 million need aid").
    for sibling in analysis.figures_in(figure.sentence):
        if sibling is not figure:
            people = _people_counted(sibling, analysis)
            if people is not None:
                return people, False
    area = _area_meant(figure, analysis)
    if area is not None:
        return area, False
    war_toll = figure.category != "population" and _WAR_WIDE.search(figure.sentence.text)
    national = _national_tally(figure) or war_toll
    if national and analysis.focus is not None:
        country = _country_of(analysis.focus, analysis.places)
        if country is not None:
            return country, False
    return analysis.focus, True


# A capitalised word within the figure ("more than 1 million Somalis") or just after its amount
# ("12,000 displaced Syrians"), before any other capitalised word.
_CAPITALISED = re.compile(r"\b[A-Z][\w-]+")
# Between the amount's start and the people: the number and at most a few lower-case words.
_COUNTED_GAP = re.compile(r"[\w.,%-]+(?:\s+[\w.,%-]+){0,5}\s+")


def _people_counted(figure: Figure, analysis: Analysis) -> Resolved | None:
    """The country whose people the amount counts ("more than 1 million Somalis are internally
    displaced"): the figure is about that whole country, not a town the sentence also names."""
    gazetteer, focus = analysis.gazetteer, analysis.focus
    if gazetteer is None or focus is None:
        return None
    offset = figure.sentence.start
    text = figure.sentence.text
    found = _CAPITALISED.search(text, figure.char_start - offset, figure.char_end - offset + 25)
    if found is None or not _COUNTED_GAP.fullmatch(
        text[figure.char_start - offset : found.start()]
    ):
        return None
    # The index holds some plurals ("Syrians") but not all ("Somalis", "Iraqis").
    keys = [name_key(found[0]), name_key(found[0].removesuffix("s"))]
    key = next((k for k in keys if k in gazetteer.demonym_keys), None)
    if key is None:
        return None
    for place in gazetteer.candidates(key):
        if place.feature_code.startswith("PCL"):
            start = offset + found.start()
            mention = Mention(start=start, end=start + len(found[0]), text=found[0], score=1.0)
            return replace(
                focus,
                mention=mention,
                place=place,
                geo_precision=3,
                demonym=True,
                note="",
                anchored=False,
            )
    return None


# Words before a place that make it where people go, not where the figure happened.
_DESTINATION_BEFORE = re.compile(
    r"(?i)\b(?:to|toward|towards|into|border|borders|frontier|outside|beyond)\b(?:\W+\w+){0,4}\W*$"
)
# A place that speaks or acts ("Ankara has expressed alarm", "organised by Moscow") stands for a
# government, not for where the people counted are.
_ACTOR_AFTER = re.compile(
    r"(?i)\s+(?:(?:has|have|had|also|later|then|again)\s+)*(?:said|says|say|expressed|warned"
    r"|warns|announced|accused|called|urged|denied|condemned|demanded|threatened|vowed|pledged"
    r"|agreed|rejected|proposed|deployed|blamed|claimed|critici[sz]ed|welcomed|asked|insisted"
    r"|responded|retaliated|promised|offered)\b"
)
_ACTOR_BEFORE = re.compile(r"(?i)\bby\s+(?:the\s+)?$")
_PART_OF_BEFORE = re.compile(
    r"(?i)\b(?:north|south|east|west|central|(?:north|south)-?(?:east|west))(?:ern)?\s+$"
)


def _nearest_in_sentence(figure: Figure, analysis: Analysis) -> Resolved | None:
    """The place the figure's own sentence names nearest to it, when extraction linked none.

    Skipped: demonyms, the dateline, a road's name, and where people went ("fled toward the
    border with Turkey"), except for refugees, who are counted where they are hosted ("crossed
    into Chad"). "Northern Syria" is a part of the country: the article's focus, when it lies in
    that country, says where better than the country's middle does.
    """
    text = analysis.document.text
    sentence = figure.sentence
    candidates = [
        r
        for r in analysis.located_in_text.within(sentence)
        if not r.demonym
        and r.mention.end <= sentence.end
        and not names_a_road(text, r.mention)
        and not _ACTOR_AFTER.match(text, r.mention.end)
        and (figure.category == "refugees" or not _elsewhere(text, sentence, r.mention))
    ]
    if not candidates:
        return None
    nearest = min(
        candidates,
        key=lambda r: max(r.mention.start - figure.char_end, figure.char_start - r.mention.end),
    )
    # "Djibo (Djibo, Soum), killing 4": the place, not one of the areas written after it
    by_mention = {id(r.mention): r for r in candidates}
    head = head_of_areas(text, nearest.mention, [r.mention for r in candidates])
    nearest = by_mention.get(id(head), nearest)
    focus = analysis.focus
    part_of_country = nearest.geo_precision == 3 or nearest.place.feature_code == "RGN"
    if (
        part_of_country
        and focus is not None
        and focus is not nearest
        and focus.place.feature_code != "RGN"
        and focus.geo_precision < 3
        and focus.place.country_code == nearest.place.country_code
        and _PART_OF_BEFORE.search(text[sentence.start : nearest.mention.start])
    ):
        if nearest.place.shape is None:
            return None
        # "northern Syria" is drawn as that part of the country; its point is the article's
        # focus when the focus lies in it (a part's middle is no place anything happened)
        shape = shapely.from_wkb(nearest.place.shape)
        if shape.covers(shapely.Point(focus.place.lon, focus.place.lat)):
            moved = replace(nearest.place, lat=focus.place.lat, lon=focus.place.lon)
            return replace(nearest, place=moved)
    return nearest


_AREA_WORDS = re.compile(
    r"(?i)\b(?:in|across|throughout|around)\s+the\s+(?:(?P<country>country|nation)"
    r"|region|province|governorate|enclave|(?P<side>(?:north|south)(?:-?(?:east|west))?|east|west))\b"
    r"|\b(?P<nationwide>nationwide|countrywide)\b"
)


def _area_meant(figure: Figure, analysis: Analysis) -> Resolved | None:
    """The area a figure's sentence points back to ("358,000 displaced in the region", "across
    the northwest", "nationwide"): the last region or province named before it, or for "the
    country" the focus's country; the country too when no area was named before."""
    found = _AREA_WORDS.search(figure.sentence.text)
    if found is None or analysis.focus is None:
        return None
    country = _country_of(analysis.focus, analysis.places) or _unnamed_country(analysis)
    if found["country"] or found["nationwide"]:
        return country
    if found["side"] and country is not None:  # "in the northwest": that part of the country
        return country_part(country, found["side"]) or country
    earlier = analysis.last_located_before(figure.char_start, "area", _named_area)
    return earlier or country


def _named_area(resolved: Resolved) -> bool:
    return (
        not resolved.demonym
        and resolved.geo_precision == 2
        and not resolved.anchored
        and _is_area(resolved)
    )


def _unnamed_country(analysis: Analysis) -> Resolved | None:
    """The focus's country from the gazetteer, for an article that never names it."""
    focus, gazetteer = analysis.focus, analysis.gazetteer
    if focus is None or gazetteer is None or not focus.place.country_code:
        return None
    country = gazetteer.country(focus.place.country_code)
    if country is None:
        return None
    return replace(focus, place=country, geo_precision=3, note="", anchored=False)


def _is_area(resolved: Resolved) -> bool:
    """An admin area, region or plain (not a road or river, which are lines)."""
    code = resolved.place.feature_code
    return code.startswith(("ADM", "RGN", "PCL", "AREA", "PLN")) or resolved.place.shape is None


def _elsewhere(text: str, sentence: Sentence, mention: Mention) -> bool:
    """Whether the place is where people went or who did something, rather than where they are."""
    before = text[max(sentence.start, mention.start - 50) : mention.start]
    return bool(_DESTINATION_BEFORE.search(before) or _ACTOR_BEFORE.search(before))


_RELATIVE = ("this ", "last ", "past ", "previous ", "recent", "the last", "the past")
# "The war has killed more than 12,000 people": a toll of the whole war is the country's.
_WAR_WIDE = re.compile(
    r"(?i)(?<!before\s)(?<!after\s)\b(?:the|this|its)\s+(?:[\w-]+\s+){0,2}"
    r"(?:war|conflict|insurgency)\b"
)


def _national_tally(figure: Figure) -> bool:
    """An attributed count over a named calendar month, quarter or year, with no place."""
    period = figure.period
    if period is None or figure.source is None or period.precision < 3:
        return False
    words = period.text.lower()
    return not any(word in words for word in _RELATIVE) and (period.end - period.start).days >= 20


def _country_of(focus: Resolved, places: Sequence[Resolved]) -> Resolved | None:
    """The country the document names that holds its focus, if any (the focus itself if one)."""
    if focus.geo_precision == 3:
        return focus
    countries = [
        r
        for r in places
        if r.geo_precision == 3 and r.place.country_code == focus.place.country_code
    ]
    named = [r for r in countries if not r.demonym]
    chosen = named or countries
    return chosen[0] if chosen else None


_HINT_PRECISION = {"town": (1,), "area": (2,), "country": (3,), "any": (1, 2)}


def event_place(event: Event, analysis: Analysis) -> tuple[Resolved | None, bool]:
    """The resolved place of an event: its own mention; for "the city", "the province" or "it"
    the last such place named before it; else the article's focus (flagged as a fallback)."""
    if event.place is not None:
        named = analysis.place_named(event.place)
        if named is not None:
            return named, False
    if event.place_hint in _HINT_PRECISION:
        wanted = _HINT_PRECISION[event.place_hint]
        text = analysis.document.text

        def hinted(r: Resolved) -> bool:
            # a village the gazetteer lacks, placed by its anchor, is still "the village"
            precision = 1 if r.anchored else r.geo_precision
            return not r.demonym and precision in wanted and not names_a_road(text, r.mention)

        earlier = analysis.last_located_before(event.char_start, f"hint {event.place_hint}", hinted)
        if earlier is not None:
            kind = f"hint {event.place_hint}"
            return _contained(earlier, analysis, kind, hinted), False
    return analysis.focus, True


# what puts the place before it inside the next: "Aba Kabirah in Ras al Ain sub-district of
# al-Hasakeh", "Saraqib, Idlib"; no sentence ends between them
_INSIDE = re.compile(
    r"""(?ix)\s*(?:(?:village|town|city|area|sub-?district|district|countryside|province
        |governorate|region)\s*)?
      (?:\(|\bin\b|\bof\b)\s*(?:the\s+)?
      (?:(?:north|south|east|west)(?:ern)?[- ]?(?:(?:east|west)(?:ern)?)?\s+)?
      (?:(?:countryside|outskirts|suburbs|province|governorate|sub-?district|district|area)
        \s+of\s+(?:the\s+)?)?"""
)


def _contained(
    place: Resolved, analysis: Analysis, kind: str, hinted: Callable[[Resolved], bool]
) -> Resolved:
    """For "the village" after "X in Y", X: not the place named only to say where X is."""
    text = analysis.document.text
    while True:
        inner = analysis.last_located_before(place.mention.start, kind, hinted)
        if inner is None or _INSIDE.fullmatch(text, inner.mention.end, place.mention.start) is None:
            return place
        place = inner
