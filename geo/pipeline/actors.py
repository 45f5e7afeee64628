"""Actors as geography settles them: a state's forces are "government" where the event happens
in that state and the state's name abroad; gunmen nobody named belong to the event's country.

Extraction (:mod:`extract.actors`) cannot tell "Turkish forces" in Turkey from Turkish forces in
Syria: it writes the state ("turkey", ``actor_state`` "Turkey") and this step decides by the
country of the event's place, or, when the event has none of its own, the country the document
is mostly about. A place that stands only for the actor's nationality (the focus of a note that
names "Turkish forces" and no place the gazetteer knows) says nothing about where it happened.
The analyst's own table of groups (``actors.csv`` in the data folder) is merged on top of the
shipped one here, since extraction never reads the settings.

An event in a note that names no place the gazetteer knows ("unidentified gunmen shot two QSD
fighters in Gharanij") goes, as conflict-event datasets code it, to the country its actors are
tied to (the group's one country in the table, or the state whose forces act), with
``geo_precision`` 3 and the reason in ``place_source``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

from extract.actor_table import load_groups, state_named, state_of_code
from extract.actors import UNIDENTIFIED, ActorMatcher, default_matcher
from extract.records import Event, Mention
from geo.config import settings
from geo.gazetteer import Gazetteer, default_gazetteer
from geo.geoparse import Resolved
from geo.geoparse.score import Evidence
from geo.geoparse.unknown import main_country

__all__ = ["ANALYST_ACTORS", "actor_matcher", "actors_country", "country_name", "settle_actor"]

ANALYST_ACTORS = "actors.csv"
"""The analyst's armed groups, in the data folder: same columns as ``extract/armed_groups.csv``."""


def actor_matcher() -> ActorMatcher:
    """The matcher over the shipped table and the analyst's ``actors.csv``, when there is one
    (read again when the file changes)."""
    path = settings().data_dir / ANALYST_ACTORS
    if not path.is_file():
        return default_matcher()
    stat = path.stat()
    return _with_file(path, (stat.st_mtime_ns, stat.st_size))


@lru_cache(maxsize=4)
def _with_file(path: Path, stamp: tuple[int, int]) -> ActorMatcher:
    del stamp  # part of the cache key only: a changed file is read again
    return ActorMatcher(load_groups((path,)))


def actors_country(
    event: Event, matcher: ActorMatcher | None = None, gazetteer: Gazetteer | None = None
) -> Resolved | None:
    """The country an event's actors are tied to, as a place, for an event with nowhere else
    to go: the actor's (or, failing that, the target's) one country in the armed-groups table,
    else the state whose forces act. A state's own name stands for its people, like a demonym:
    it does not make its forces the government there."""
    table = matcher or actor_matcher()
    code, tie, nationality = None, "", False
    for name in (event.actor, event.target):
        group = table.group(name)
        if group is not None and len(group.countries) == 1:
            code, tie = group.countries[0], group.name
            break
    # The state whose forces act; an operation abroad leaves actor_state empty but names it.
    acting = event.actor_state or event.actor
    if code is None and acting:
        state = state_named(acting)
        code, tie, nationality = (state.code, acting, True) if state else (None, "", False)
    name = country_name(code) if code else None
    if name is None:
        return None
    gaz = gazetteer or default_gazetteer()
    place = next((p for p in gaz.lookup(name) if p.feature_code.startswith("PCL")), None)
    if place is None:
        return None
    mention = Mention(event.char_start, event.char_end, event.actor_text or name)
    evidence = Evidence(0.0, 0.0, None, place.population, 3, mention.text)
    return Resolved(mention, place, 0.0, 3, evidence, demonym=nationality, note=f"country of {tie}")


def country_name(code: str) -> str | None:
    """The English short name of a country, by its ISO code, as the gazetteer's countries and
    conflict-event datasets name it ("Syria", "Palestine")."""
    state = state_of_code(code) if code else None
    return state.name if state else None


def settle_actor(
    event: Event,
    place: Resolved | None,
    from_focus: bool,
    located: Sequence[Resolved],
) -> tuple[str | None, str | None]:
    """The event's actor and sub-type once its place is known.

    Parameters
    ----------
    event
        The event as extracted: ``actor`` a state's lower-case name with ``actor_state`` set,
        "Unidentified Armed Group", or any other actor (returned as it is).
    place, from_focus
        Where the event was put, and whether that is the document's focus for want of a place.
    located
        The document's resolved places (less the dateline's), for the country it is about.

    Returns
    -------
    tuple
        ``(actor, subtype)``: "government" for a state's forces in their own country, with a
        capture's sub-type changed to government_regains_territory; the country's name added
        to an unidentified group.
    """
    country = _event_country(place, from_focus, located)
    actor, subtype = event.actor, event.subtype
    if actor == UNIDENTIFIED:
        name = country_name(country) if country else None
        return (f"{UNIDENTIFIED} ({name})" if name else actor), subtype
    if event.actor_state and country:
        state = state_named(event.actor_state)
        if state is not None and state.code == country and _most_named(country, located):
            if event.category == "capture":
                subtype = "government_regains_territory"
            return "government", subtype
    return actor, subtype


def _most_named(country: str, located: Sequence[Resolved]) -> bool:
    """Whether the document names more places in ``country`` than in any other: Turkish forces
    at a Turkish border town in a note that names as many Syrian places are across the border
    as likely as not. Countries and the capitals that stand for governments ("Ankara has
    expressed alarm") say who acts, not where: only towns and areas count."""
    counts = Counter(
        r.place.country_code
        for r in located
        if not r.demonym and r.geo_precision < 3 and state_named(r.mention.text) is None
    )
    mine = counts.pop(country, 0)
    return all(n < mine for n in counts.values()) or not counts


def _event_country(
    place: Resolved | None, from_focus: bool, located: Sequence[Resolved]
) -> str | None:
    """The country an event happened in: its place's, unless that place only stands for a
    nationality; else the country most of the document's places lie in."""
    if place is not None and place.place.country_code and not (from_focus and place.demonym):
        return place.place.country_code
    return main_country(located)
