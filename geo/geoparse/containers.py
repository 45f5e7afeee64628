"""Where the text puts a place inside another ("Murghab in Badghis", "As Sabaa (Tripoli)",
"Ras Al-Ain city in the al-Hasakeh countryside"), and what that says of the gazetteer's choice:
the namesake in that province is meant, a namesake far away is not meant at all."""

from __future__ import annotations

import re
from collections.abc import Sequence

from extract.areas import IN_ITS_AREAS, head_of_areas
from extract.normalize import name_key
from extract.records import Mention, Sentence, UnknownPlace
from extract.spans import InText
from extract.unknown_places import tie
from geo.gazetteer import Gazetteer, Place
from geo.geodesy import great_circle_km
from geo.geoparse.resolve import Resolved

__all__ = [
    "AREA_ANCHOR_KM",
    "FAR_KM",
    "SMALL_TOWN",
    "TOWN_ANCHOR_KM",
    "Containers",
    "by_its_name",
    "other_spelling",
]

FAR_KM = 400.0  # a small namesake this far from the document's country is refused
SMALL_TOWN = 100_000  # people: a place smaller than this abroad needs the text's support
TOWN_ANCHOR_KM = 100.0  # a town the text puts near a town ("near Y", "in the countryside of Y")
AREA_ANCHOR_KM = 250.0  # or in a place ("in Y", "Y province") lies within this of it


# words that put a place inside another: "X in Y", "the Old City of Y", "X sub-district of Y"
_CONTAINED = re.compile(r"\b(?:in|of)\b", re.IGNORECASE)


class Containers:
    """The place a text says another lies in: "Murghab in Badghis", "As Sabaa (Tripoli)",
    "Chora district, Urozgan"."""

    def __init__(
        self,
        text: str,
        places: Sequence[Resolved],
        sentences: Sequence[Sentence],
        mentions: Sequence[Mention],
        gazetteer: Gazetteer | None,
    ) -> None:
        self._text = text
        self._gazetteer = gazetteer
        # containers the gazetteer put abroad, by id: their namesake in the contained place's
        # country ("Al Jawf" of "Al Ghayl district (Al Jawf)" is Yemen's, not Saudi Arabia's)
        self.moved: dict[int, Place] = {}
        self._sentences = InText(sentences, lambda s: s.start)
        self._mentions = InText(mentions, lambda m: m.start)
        self._by_span = {(r.mention.start, r.mention.end): r for r in places}
        # the countries a container can be in: with one, no place is put in another's
        self._countries = {
            r.place.country_code
            for r in places
            if not r.demonym and not r.anchored and r.place.country_code
        }

    def _tied(self, resolved: Resolved) -> tuple[UnknownPlace, Resolved] | None:
        """The place ``resolved``'s sentence ties it to ("X in Y", "X in the countryside of
        Y", "X near Y"), with ``resolved`` read as an unknown name tied there."""
        mention = resolved.mention
        sentence = self._sentences.last_before(mention.start + 1, lambda s: True)
        if sentence is None or sentence.end < mention.end:
            return None
        inside = [m for m in self._mentions.within(sentence) if m.end <= sentence.end]
        unknown = tie(self._text, mention, [sentence], inside)
        if unknown is None or unknown.anchor is None:
            return None
        container = self._by_span.get((unknown.anchor.start, unknown.anchor.end))
        if container is None or container.demonym or container.anchored:
            return None
        return unknown, container

    def _explicit(self, container: Resolved, resolved: Resolved) -> bool:
        """Whether the text puts ``resolved`` in ``container`` in so many words: "X, Y" alone is
        also a list ("Barcelona, Liverpool") or a byline ("Moscow, SANA"), so an area may
        contain after a comma, a town only after "in" or in brackets."""
        link = self._text[resolved.mention.end : container.mention.start]
        return "(" in link or _CONTAINED.search(link) is not None

    def astray(self, resolved: Resolved) -> UnknownPlace | None:
        """``resolved`` read as a name the gazetteer lacks when the text ties it to a place
        far from it: "near Fatsa in the northern countryside of Ar-Raqqa" is not Fatsa in
        Turkey, 530 km away, but a place near Raqqa the gazetteer does not hold."""
        if resolved.demonym or resolved.geo_precision != 1:
            return None
        found = self._tied(resolved)
        if found is None:
            return None
        unknown, anchor = found
        if anchor.geo_precision > 2:
            return None  # "in Syria": a country says too little to refuse a town
        if other_spelling(anchor) and by_its_name(resolved):
            return None  # "Naray Baba of Tirah Valley": Tire, Turkey, is one of Tirah's names
        if (
            unknown.relation == "in"
            and anchor.geo_precision < 2
            and not self._explicit(anchor, resolved)
        ):
            return None  # "Barcelona, Liverpool": a list, not a town in a town
        place, there = resolved.place, anchor.place
        if (place.country_code, place.admin1_code) == (there.country_code, there.admin1_code):
            return None  # in the province it names, or the city's ("X in Aleppo", "Parkland,
            # Florida"), however far from the province's middle
        # "X in Aleppo" often means the governorate the city names: an area's reach
        near_town = anchor.geo_precision == 1 and unknown.relation != "in"
        limit = TOWN_ANCHOR_KM if near_town else AREA_ANCHOR_KM
        far = great_circle_km(place.lat, place.lon, there.lat, there.lon)
        return unknown if float(far) > limit else None

    def stray_area(self, resolved: Resolved) -> UnknownPlace | None:
        """``resolved`` read as a name the gazetteer lacks when it is one of the areas an event
        note writes after a place ("Djibo (Djibo, Soum)") yet the gazetteer's town of that name
        lies far from the place (Soum, Senegal, is 1,300 km from Djibo): tied to the place."""
        if (
            resolved.demonym
            or resolved.anchored
            or not resolved.place.feature_code.startswith("PPL")
        ):
            return None
        head = self._head(resolved.mention)
        if head is None or head.place.population < resolved.place.population:
            return None  # the bigger place is the surer one: the head may be the stray
        far = great_circle_km(
            resolved.place.lat, resolved.place.lon, head.place.lat, head.place.lon
        )
        if float(far) <= FAR_KM:
            return None
        sentence = self._sentences.last_before(resolved.mention.start + 1, lambda s: True)
        if sentence is None:
            return None
        return UnknownPlace(resolved.mention, "", head.mention, "around", sentence)

    def in_its_areas(self, resolved: Resolved) -> UnknownPlace | None:
        """Hold a town to the areas an event note writes after it ("Blahodatne (Volnovakha,
        Donetsk)", "Bamba (Bourem, Gao)"): of its namesakes, the one nearest the first area is
        meant (recorded in :attr:`moved`); with none within reach of it, the town is read as a
        name the gazetteer lacks, tied to that area."""
        if resolved.demonym or resolved.anchored or resolved.geo_precision != 1:
            return None
        area = self._first_area(resolved.mention)
        if area is None or self._gazetteer is None:
            return None
        there = area.place

        def far(place: Place) -> float:
            return float(great_circle_km(place.lat, place.lon, there.lat, there.lon))

        here = far(resolved.place)
        namesakes = [
            p
            for p in self._gazetteer.candidates(name_key(resolved.mention.text))
            if p.geo_precision == 1 and far(p) <= AREA_ANCHOR_KM
        ]
        nearest = min(namesakes, key=far, default=None)
        if nearest is not None and here > 2 * far(nearest) + 10:
            self.moved.setdefault(resolved.place.geonameid, nearest)
            return None
        if here <= AREA_ANCHOR_KM or nearest is not None:
            return None
        sentence = self._sentences.last_before(resolved.mention.start + 1, lambda s: True)
        return (
            UnknownPlace(resolved.mention, "", area.mention, "in", sentence) if sentence else None
        )

    def _first_area(self, mention: Mention) -> Resolved | None:
        """The first of the areas in brackets right after ``mention``, resolved, or None."""
        after = next(
            (
                m
                for m in self._mentions.between(mention.end, mention.end + 8)
                if IN_ITS_AREAS.fullmatch(self._text, mention.end, m.start) is not None
            ),
            None,
        )
        area = self._by_span.get((after.start, after.end)) if after is not None else None
        if area is None or area.demonym or area.anchored or area.geo_precision > 2:
            return None
        return area

    def _head(self, mention: Mention) -> Resolved | None:
        """The place whose areas the parentheses holding ``mention`` list ("Djibo" of "Djibo
        (Djibo, Soum)"), resolved, or None."""
        near = self._mentions.between(mention.start - 160, mention.start)
        before = head_of_areas(self._text, mention, near)
        if before is mention:
            return None
        head = self._by_span.get((before.start, before.end))
        if head is None or head.demonym or head.anchored or head.geo_precision > 2:
            return None
        return head

    def inside(self, resolved: Resolved) -> None:
        """Take the namesake in the province the text puts ``resolved`` in, when the gazetteer's
        choice is in another country: "Ras Al-Ain city in the al-Hasakeh countryside" is the
        Syrian town, not Ceylanpinar across the border, though both carry the name (recorded in
        :attr:`moved`, for every mention of the place)."""
        if resolved.demonym or resolved.geo_precision != 1 or self._gazetteer is None:
            return
        found = self._tied(resolved)
        if found is None or not found[0].relation.endswith(("in", "countryside of")):
            return
        container = found[1]
        there = container.place
        if container.geo_precision < 2 and not self._explicit(container, resolved):
            return
        if there.country_code in ("", resolved.place.country_code):
            return
        province = (there.country_code, there.admin1_code)
        key = name_key(resolved.mention.text)
        namesakes = [
            p
            for p in self._gazetteer.candidates(key)
            if (p.country_code, p.admin1_code) == province and p.geo_precision == 1
        ]
        if namesakes:
            self.moved.setdefault(resolved.place.geonameid, max(namesakes, key=_size))

    def abroad(self, resolved: Resolved) -> UnknownPlace | None:
        """``resolved`` read as a name the gazetteer lacks when the text puts it in a place of
        another country far from it (the gazetteer's namesake lies elsewhere), tied to that
        place."""
        if resolved.demonym or resolved.geo_precision > 2:
            return None
        if not self._countries - {resolved.place.country_code}:
            return None  # the usual case, and the cheap one: every place in one country
        found = self._tied(resolved)
        if found is None or found[0].relation != "in":
            return None
        unknown, container = found
        if (
            (container.geo_precision < 2 and not self._explicit(container, resolved))
            or (other_spelling(container) and by_its_name(resolved))
            or not container.place.country_code
            or container.place.country_code == resolved.place.country_code
        ):
            return None
        # a border town the gazetteer puts on the other side stays (Ras al-Ain in Hasakeh as
        # Ceylanpinar, across the line): only a namesake far away is refused
        far = great_circle_km(
            resolved.place.lat, resolved.place.lon, container.place.lat, container.place.lon
        )
        if float(far) <= FAR_KM:
            return None
        # nor is a place whose container has a namesake in its country: "Al Ghayl district (Al
        # Jawf)" is in Yemen's Al Jawf, not Saudi Arabia's
        if self._gazetteer is not None:
            key = name_key(container.mention.text)
            country = resolved.place.country_code
            namesakes = [p for p in self._gazetteer.candidates(key) if p.country_code == country]
            if namesakes:
                lat, lon = resolved.place.lat, resolved.place.lon
                nearest = min(
                    namesakes, key=lambda p: float(great_circle_km(lat, lon, p.lat, p.lon))
                )
                self.moved.setdefault(container.place.geonameid, nearest)
                return None
            # or the place has a namesake in the container's country: "Gaza province in
            # Mozambique" is Mozambique's Gaza, not the Strip
            there = container.place.country_code
            own = [
                p
                for p in self._gazetteer.candidates(name_key(resolved.mention.text))
                if p.country_code == there and p.geo_precision <= 2
            ]
            if own:
                self.moved.setdefault(resolved.place.geonameid, max(own, key=_size))
                return None
        return unknown


def _size(place: Place) -> int:
    return place.population


def other_spelling(resolved: Resolved) -> bool:
    """A small town the text names by one of its other spellings, not its own name: too weak
    a place to refuse one the text names by that place's own name, or to be sure of."""
    place = resolved.place
    return (
        place.geo_precision == 1
        and not resolved.demonym
        and place.population < SMALL_TOWN
        and not by_its_name(resolved)
    )


def by_its_name(resolved: Resolved) -> bool:
    """Whether the text names the place by the gazetteer's own name for it."""
    return name_key(resolved.mention.text) == name_key(resolved.place.name)
