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

from extract.actor_table import ArmedGroup, load_groups, state_named, state_of_code
from extract.actors import (
    COALITION,
    COMMUNAL,
    IDENTITY_MILITIA,
    UNIDENTIFIED,
    Actor,
    ActorMatcher,
    default_matcher,
)
from extract.records import Event, Mention
from geo.config import settings
from geo.gazetteer import Gazetteer, default_gazetteer
from geo.geoparse import Resolved
from geo.geoparse.score import Evidence
from geo.geoparse.unknown import main_country

__all__ = [
    "ANALYST_ACTORS",
    "actor_matcher",
    "actors_country",
    "country_name",
    "settle_actor",
]

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
    to go: the actor's (or, failing that, the target's, or another group's its sentence names)
    one country in the armed-groups table, else the state whose forces act. A state's own name
    stands for its people, like a demonym: it does not make its forces the government there."""
    table = matcher or actor_matcher()
    code, tie, nationality = None, "", False
    # a named force of one state ("GNA", "Assam Rifles") ties the event to that state as the
    # state's own name does not: it is that government's, not a nationality
    named = _group_written(event.actor_text, table)
    # ... then the target, then any group of one country the sentence names ("a bomb went off
    # during a strike the BNP called": Bangladesh)
    around = _groups_named(event.sentence.text, table)
    for group in (table.group(event.actor), named, table.group(event.target), *around):
        if group is not None and len(group.countries) == 1:
            code, tie = group.countries[0], group.name
            break
    # The state whose forces act; an operation abroad leaves actor_state empty but names it.
    acting = event.actor_state or event.actor
    if code is None and acting:
        state = state_named(acting)
        code, tie, nationality = (state.code, acting, True) if state else (None, "", False)
    if not code:
        return None
    span = (event.char_start, event.char_end, event.actor_text)
    return _country(code, gazetteer, f"country of {tie}", span, demonym=nationality)


def _country(
    code: str,
    gazetteer: Gazetteer | None,
    note: str,
    span: tuple[int, int, str | None] = (0, 0, None),
    *,
    demonym: bool = False,
) -> Resolved | None:
    """Country ``code`` as a resolved place (``geo_precision`` 3) for the words at ``span``
    (start, end, text; the country's name when the text is None)."""
    name = country_name(code)
    if name is None:
        return None
    gaz = gazetteer or default_gazetteer()
    place = next((p for p in gaz.lookup(name) if p.feature_code.startswith("PCL")), None)
    if place is None:
        return None
    mention = Mention(span[0], span[1], span[2] or name)
    evidence = Evidence(0.0, 0.0, None, place.population, 3, mention.text)
    return Resolved(mention, place, 0.0, 3, evidence, demonym=demonym, note=note)


def _group_written(text: str | None, table: ActorMatcher) -> ArmedGroup | None:
    """The table's row an actor's words name, less a word or two that only say what its
    members are ("Frontier Constabulary forces")."""
    words = (text or "").split()
    for cut in range(min(3, len(words))):
        group = table.group_named(" ".join(words[: len(words) - cut]))
        if group is not None:
            return group
    return None


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
    matcher: ActorMatcher | None = None,
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
    matcher
        The armed-groups table (the shipped one and the analyst's, by default).

    Returns
    -------
    tuple
        ``(actor, subtype)``: "government" for a state's forces in their own country, with a
        capture's sub-type changed to government_regains_territory; the coalition fighting in
        the event's country for an unnamed "coalition"; the country's name added to an
        unidentified group, a community's militia and a group organised apart in each country.
    """
    table = matcher or actor_matcher()
    country = _event_country(place, from_focus, located)
    actor, subtype = event.actor, event.subtype
    if actor == UNIDENTIFIED:
        # "Pakistani militants" come from Pakistan wherever they strike; and a town abroad that
        # shares a name with one at home does not move the gunmen abroad
        origin = state_named(event.actor_state) if event.actor_state else None
        country = origin.code if origin else main_country(located) or country
    if actor is not None and IDENTITY_MILITIA.search(actor):
        return _community_militia(actor, place if not from_focus else None, country), subtype
    if actor is not None and country and _organised_per_country(actor, table):
        if actor != UNIDENTIFIED:  # "IS fighters clashed with AQAP": where AQAP fights
            country = _local_country(event, actor, table) or country
        name = country_name(country)
        return (f"{actor} ({name})" if name else actor), subtype
    if actor == COALITION and country:
        return _coalition_in(country, table) or actor, subtype
    state = state_named(event.actor_state) if event.actor_state else None
    if state is None:
        return actor, subtype
    if (country is None or from_focus) and _fights_at_home(event, state.code, table):
        # "Pakistani jets struck TTP hideouts": nowhere of its own says otherwise
        country, located = state.code, ()
    at_home = _most_named(country, located) if country else False
    if (
        country
        and state.code == country
        and (at_home or _fights_at_home(event, country, table, only=False))
    ):
        return "government", _regained(event, subtype)
    if (
        country
        and state.code != country
        and not _most_named(country, located)
        and _fights_at_home(event, state.code, table)
    ):
        # "Afghan forces killed Taliban fighters in Dara": a place the gazetteer put abroad, in
        # a note whose places agree on no country, against a group of the state's own
        return "government", _regained(event, subtype)
    return actor, subtype


def _community_militia(actor: str, place: Resolved | None, country: str | None) -> str:
    """A community's militia with the country it fights in, one named by nothing but its
    community named after the place it fights at: "Burungi Communal Militia (Bangladesh)"."""
    if actor == COMMUNAL:
        actor = f"{place.mention.text} {COMMUNAL}" if place else f"Unidentified {COMMUNAL}"
    name = country_name(country) if country else None
    return f"{actor} ({name})" if name else actor


def _organised_per_country(actor: str, table: ActorMatcher) -> bool:
    """Whether conflict-event datasets name the actor with the country it fights in:
    unidentified groups, and a group organised apart in each country (the table holds "Islamic
    State (Yemen)" beside "Islamic State")."""
    return actor == UNIDENTIFIED or any(g.name.startswith(f"{actor} (") for g in table.groups)


def _fights_at_home(event: Event, code: str, table: ActorMatcher, *, only: bool = True) -> bool:
    """Whether a state's forces fight a group of their own country and none tied to another
    only: a group of that country alone ("Pakistani drones hit a TTP compound"), or, with
    ``only`` false, one whose first country it is ("pro-Hadi forces attacked Houthi positions"
    at a Yemeni town, in a note that names as many Saudi places)."""
    countries = {g.countries for g in _groups_named(event.sentence.text, table)}
    ours = (c == (code,) if only else c[0] == code for c in countries)
    return any(ours) and all(code in c for c in countries)


def _local_country(event: Event, actor: str, table: ActorMatcher) -> str | None:
    """The one country of another group the event's sentence names: a group organised in many
    countries fights where its local enemy does."""
    local = {
        g.countries[0]
        for g in _groups_named(event.sentence.text, table)
        if len(g.countries) == 1 and not g.name.startswith(actor)
    }
    return local.pop() if len(local) == 1 else None


def fronts_of(text: str, matcher: ActorMatcher | None = None) -> tuple[str, ...]:
    """The countries the armed groups ``text`` names fight in, each group of one country only
    ("QSD", "Operation Peace Spring": Syria), as ISO codes."""
    table = matcher or actor_matcher()
    found = table.find(text)
    named = [*_groups_among(found, table), *_operations_among(found, table)]
    return tuple(sorted({g.countries[0] for g in named if len(g.countries) == 1}))


def front_country(code: str, gazetteer: Gazetteer | None = None) -> Resolved | None:
    """The country ``code`` as the place a text is about, for a text whose armed groups fight
    there and that names no place of its own but nationalities."""
    return _country(code, gazetteer, "country of the armed groups named")


def _groups_named(text: str, table: ActorMatcher) -> list[ArmedGroup]:
    return _groups_among(table.find(text), table)


def _groups_among(found: Sequence[Actor], table: ActorMatcher) -> list[ArmedGroup]:
    named = (table.group(a.actor) for a in found if a.kind == "group")
    return [g for g in named if g is not None and g.countries]


def _operations_among(found: Sequence[Actor], table: ActorMatcher) -> list[ArmedGroup]:
    """The named operations of one state among the actors ``found``: they act as that state's
    forces, and fight where the table says ("Operation Peace Spring": Turkey's, in Syria)."""
    named = (table.group_named(a.text or "") for a in found if a.kind == "state")
    return [g for g in named if g is not None and g.type == "foreign_operation" and g.countries]


def _regained(event: Event, subtype: str | None) -> str | None:
    """A capture by the government is the government regaining territory."""
    return "government_regains_territory" if event.category == "capture" else subtype


def _coalition_in(country: str, table: ActorMatcher) -> str | None:
    """The first coalition the table lists as fighting in ``country``."""
    return next(
        (g.name for g in table.groups if g.type == "coalition" and country in g.countries),
        None,
    )


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
