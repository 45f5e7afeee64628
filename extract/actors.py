"""Who acts in a sentence: armed groups, states' forces, governments, rebels and gunmen nobody
named, each normalised to one actor.

The vocabulary of ``Actor.actor``:

- a named group's canonical name from the armed-groups table (:mod:`extract.actor_table`):
  "Taliban", "QSD: Syrian Democratic Forces";
- a state's forces as the state's English short name in lower case ("turkey", "afghanistan"),
  its name in ``state``: the geography step (``geo.pipeline.actors``) makes it "government"
  when the event happens in that state;
- "government" for forces named by their side ("regime forces", "the army", "police"), and
  "Militia (Pro-Government)" for militias named only by that side;
- "rebels" for armed opposition named generically ("insurgents", "pro-Turkish rebel factions");
- "Unidentified Armed Group" for "unidentified gunmen", "unknown assailants": the geography step
  adds the country ("Unidentified Armed Group (Pakistan)");
- "coalition" for a coalition named by no name ("coalition airstrikes"): the geography step
  makes it the coalition the table has in the event's country;
- a community's militia as conflict-event datasets name it: "Fellata Ethnic Militia", "Tonj
  South Communal Militia", "Al Salih Clan Militia", "Vigilante Group"; "Communal Militia" for
  one named by nothing but its community ("rival groups of villagers"), which the geography
  step names after the place it fights in. Each then gets its country ("(South Sudan)").

One :class:`ActorMatcher` finds them all: an Aho-Corasick automaton over the table's names (on
:func:`extract.normalize.keyed_text`, so "Hayat Tahrir al Sham" is "Hayat Tahrir al-Sham";
acronyms case-sensitive) and one regular expression for the generic phrases; where matches
overlap the longest wins.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

import ahocorasick

from extract.acronyms import defined_here
from extract.actor_table import ArmedGroup, load_groups, state_named, states, words_regex
from extract.glued import everyday_word
from extract.normalize import keyed_text, name_key

__all__ = [
    "COALITION",
    "COMMUNAL",
    "IDENTITY_MILITIA",
    "NO_ACTOR",
    "PRO_GOVERNMENT_MILITIA",
    "UNIDENTIFIED",
    "VIGILANTES",
    "Actor",
    "ActorMatcher",
    "actors_in",
    "default_matcher",
    "holding_side",
    "identity",
]

UNIDENTIFIED = "Unidentified Armed Group"
UNIDENTIFIED_MILITARY = "Unidentified Military Forces"
COALITION = "coalition"
PRO_GOVERNMENT_MILITIA = "Militia (Pro-Government)"  # as conflict-event datasets name them
COMMUNAL = "Communal Militia"  # a community's armed men nobody named: "rival groups of villagers"
VIGILANTES = "Vigilante Group"
IDENTITY_MILITIA = re.compile(r"(?:Communal|Ethnic|Clan|Tribal) Militia$|^Vigilante Group$")
"""Names of community militias, which take the country they fight in ("(South Sudan)")."""
_PRO_GOVERNMENT_MILITIA = re.compile(r"(?i)pro-government\s+milit")


@dataclass(frozen=True)
class Actor:
    """An actor as normalised (``actor``) and as written (``text``, at ``start``-``end``).

    ``state`` is the state whose forces act ("Turkey"); ``kind`` is group, state, government,
    rebels or unidentified; ``side`` a group's side in the table (rebels, government or the ISO
    code of the state it belongs to).
    """

    actor: str | None
    text: str | None
    start: int = -1
    end: int = -1
    state: str | None = None
    kind: str | None = None
    side: str | None = None

    @property
    def governs(self) -> bool:
        """Whether the actor is a government's side where it stands (for captures)."""
        return self.actor == "government" or self.side == "government"


NO_ACTOR = Actor(None, None)

# --- the generic phrases ----------------------------------------------------------------------

_FORCE = (
    r"(?:armed\s+forces|military\s+forces|security\s+forces|special\s+forces|ground\s+forces"
    r"|air\s*forces?|airforce|border\s+(?:guards?|police|forces?)|coast\s+guards?|forces?"
    r"|army|armies|troops|troopers|soldiers|military|militaries|government|regime|authorities"
    r"|war\s*planes|fighter\s+jets|jets|aircraft|navy|drones?|artillery|units|police(?:men)?"
    r"|gendarmes|gendarmerie|rangers|commandos|marines|paratroopers|helicopters?|gunships"
    r"|servicemen|personnel|snipers|tanks|intelligence)"
)
_FORCES = rf"(?i:{_FORCE}(?:\s+{_FORCE})?)"
_MEMBERS = (
    r"(?:rebels?|factions?|fighters|forces|militias?|groups?|militants|separatists|members"
    r"|elements|units|troops|gunmen|militiamen|cadres|insurgents|jihadists|snipers|cells?"
    r"|guerrillas|brigades?|positions|operatives|commanders?|men|tribesmen|youths?)"
)
# What "army", "military" and "police" describe without acting: "a military truck hit a mine".
_THINGS = (
    r"(?:vehicles?|trucks?|convoys?|posts?|bases?|camps?|positions?|installations?|checkpoints?"
    r"|stations?|targets?|sites?|facilit(?:y|ies)|buildings?|barracks|equipment|hardware|aid"
    r"|exercises?|drills?|courts?|hospitals?|academy|sources?|officials?|spokes(?:man|men|woman)"
    r"|experts?|analysts?|observers?|rule|service|uniforms?|coup|junta|helicopters?|aircraft"
    r"|planes?|jets?|drones?|tanks?|APCs?|patrols?|chiefs?|headquarters|operations?)\b"
)
# Powers named bare as actors ("Ankara denied...", "Russia struck"): today's intervening states.
_BARE = (
    r"Russia|Moscow|Kremlin|Turkey|Türkiye|Ankara|Israel|Iran|U\.S\.|Saudi(?:-led)?|Emirati"
    r"|Russian|Turkish|Israeli|Iranian|American"
)


@lru_cache(maxsize=1)
def _generic() -> re.Pattern[str]:
    names = sorted({w for s in states() for w in s.words}, key=len, reverse=True)
    adjectives = sorted({w for s in states() for w in s.demonyms})
    state = words_regex(names)
    adjective = words_regex(adjectives)
    return re.compile(
        rf"""(?x)(?<![\w-])(?:
        (?P<loyal>(?i:forces|troops|fighters|militias?|units|soldiers)\s+loyal\s+to\s+
            (?:(?:the|an?|[a-z][\w-]*)\s+){{0,3}}
            (?P<leader>(?:[A-Z][\w'’-]*\s+){{0,3}}[A-Z][\w'’-]*|(?i:government|regime)))
        |(?P<unknown_air>(?i:(?:unidentified|unknown)\s+(?:war\s*planes|aircraft|jets|drones?
            |helicopters)))
        |(?P<identity>(?P<people>(?-i:[A-Z][\w'’-]+)(?:\s+(?-i:[A-Z][\w'’-]+))?)
            (?:\s+(?:and|&)\s+(?-i:[A-Z][\w'’-]+))?(?:\s+(?P<bond>(?i:communal|ethnic|tribal|clan))
            \s+(?i:militias?|militiamen|fighters|gunmen|youths?|groups?)|\s+(?i:herdsmen|raiders)))
        |(?P<from>(?i:armed\s+(?:youths?|villagers|herders|pastoralists|cattle\s+keepers|civilians))
            \s+from\s+(?:the\s+)?(?P<home>(?-i:[A-Z][\w'’-]+)(?:\s+(?-i:[A-Z][\w'’-]+)){{0,2}}))
        |(?P<families>(?:the\s+)?(?P<clan>(?-i:[A-Z][\w'’-]+)(?:\s+(?-i:[A-Z][\w'’-]+))?)
            \s+(?:and|&)\s+(?:the\s+)?(?-i:[A-Z][\w'’-]+)(?:\s+(?-i:[A-Z][\w'’-]+))?
            \s+(?i:families|clans))
        |(?P<communal>(?i:(?:two\s+|rival\s+)?groups\s+of\s+(?:armed\s+)?villagers
            |rival\s+(?:groups|families|clans|villagers|communities)|communal\s+militias?
            |armed\s+(?:youths?|villagers|herders|pastoralists)))
        |(?P<vigilantes>(?i:vigilantes|vigilante\s+(?:groups?|members|committees?)))
        |(?P<origin>(?P<sw4>{adjective})\s+(?i:militants?|gunmen|insurgents|terrorists
            |infiltrators|intruders|assailants|attackers))
        |(?P<unknown>(?i:(?:unidentified|unknown|suspected|masked)\s+(?:armed\s+)?(?:gunmen
            |assailants|attackers|persons|people|men|individuals|groups?|party|perpetrators
            |shooters|militants|motorcyclists|fighters|elements)
            |(?:a\s+group\s+of\s+(?:\w+\s+)?)?armed\s+(?:men|individuals|persons)
            |gunmen|assailants|(?:armed\s+)?(?:gang\s+members|gangs?|bandits|kidnappers)))
        |(?P<rebels>(?i:pro-(?:{state})\s+(?:(?:islamist|rebel|armed|opposition|jihadist)\s+)?
                {_MEMBERS}(?:\s+{_MEMBERS})?
            |pro-(?:{state})(?=\s)
            |[a-z]+-backed\s+(?:[a-z]+\s+)?{_MEMBERS}
            |(?:armed\s+)?opposition(?:\s+(?:rebels?|fighters|forces|groups?|factions?
                |militants))?
            |anti-government\s+(?:forces|fighters|militants|rebels)
            |resistance\s+(?:forces|fighters)
            |(?:islamist|jihadist|rebel|insurgent|militant|separatist|armed)\s+(?:factions?
                |groups?|fighters|forces|militants|rebels|cells?)(?:\s+(?:fighters|members
                |forces))?
            |rebels?|insurgents?|militants?|jihadists?|separatists?|guerrillas?|terrorists?
            |militias?|militiamen|paramilitar(?:y|ies)(?:\s+(?:force|forces|group|fighters))?))
        |(?P<state>(?P<sw>{state})(?:'s|’s)?\s+(?:[A-Z][\w-]*\s+){{0,2}}?{_FORCES}
            |(?i:the\s+)?{_FORCES}\s+of\s+(?:the\s+)?(?P<sw2>{state})
            |(?P<bare>{_BARE})(?:'s|’s)?
            |(?P<coord>{adjective})(?=\s*,|\s+and\s))
        |(?P<gov>(?i:pro-)?(?i:government|regime)(?:['’]s)?(?:\s+{_FORCES}
                |\s+(?i:militias?|militiamen|fighters)(?:\s+members)?)?
            |Assad(?:'s|’s)?(?:\s+{_FORCES})?|President\s+(?:Bashar\s+(?:al-)?)?Assad
            |(?i:(?:federal|national|state|government|loyalist|joint)\s+{_FORCE})
            |(?:(?i:the)\s+)?(?:army|military|police|Army|Military|Police)(?!\s+{_THINGS}
                |\s+[A-Z])
            |(?i:(?:the\s+)?(?:armed\s+forces
                |security\s+forces|junta|police\s+(?:forces?|officers?|personnel)|policemen
                |law\s+enforcement(?:\s+(?:agenc(?:y|ies)|officers|personnel|forces))?
                |gendarmerie|gendarmes|security\s+personnel|soldiers|troops
                |(?:prison|jail)\s+(?:guards?|wardens?|officers?|officials|staff)|jailers
                |(?:forest|wildlife|park)\s+(?:guards?|rangers?|officials))))
        |(?P<unit>(?:(?i:the)\s+)?\d{{1,3}}(?:st|nd|rd|th)\s+(?:[A-Z][a-z]+\s+){{0,2}}
            (?:Brigade|Division|Battalion|Regiment|Corps)s?)
        |(?P<coalition>(?i:(?:the\s+)?(?:(?:arab|military|international|global)\s+)?coalition)
            (?=\s+(?i:air|war|fighter|jets?|drones?|aircraft|forces|troops|raids?|strikes?
            |shell|artillery|helicopters?|planes?|bomb|military|soldiers|warships?|nav)))
        )(?![\w-])"""
    )


# --- the table's names ------------------------------------------------------------------------


@dataclass(frozen=True)
class _Name:
    group: ArmedGroup
    written: str
    exact: bool  # an acronym: matched as written ("HTS", "M23", "LeT")
    capital: bool  # a one-word name written with a capital ("Taliban")
    derived: bool = False  # read off the canonical name, not written in the table


_EXTENSION = re.compile(
    rf"(?i)(?:\s+(?:rebel|armed|militia|security|military|special|gang))?\s+(?:{_MEMBERS}|gangs?)"
    rf"(?![\w-])"
)
_OPPOSED = re.compile(rf"(?i)(?:\s+and\s+(?:allied|affiliated|other|\w+)?)?\s+{_MEMBERS}(?![\w-])")
_DESCRIBES = re.compile(
    r"(?i)\s+(?:(?:group|movement|organi[sz]ation|outfit|faction)\s+|of\s+(?:the\s+)?)?"
)
_NUMBERED_UNIT = re.compile(r"(?i)(?:the\s+)?\d")
_UNIT_OF = re.compile(r"(?i)\s+of\s+|['’]s\s+")
_MODIFIER_SUFFIX = re.compile(r"-(?:backed|supported|allied|aligned|affiliated)\b")


class ActorMatcher:
    """Finds actors in text: the armed groups in ``groups`` by name, the generic phrases."""

    def __init__(self, groups: Sequence[ArmedGroup]) -> None:
        self.groups = tuple(groups)
        self._by_name = {group.name: group for group in self.groups}
        self._names: list[_Name] = []
        automaton = ahocorasick.Automaton()
        keyed: dict[str, list[int]] = {}
        for group in self.groups:
            names = [(n, False) for n in group.names()] + [(n, True) for n in group.parts()]
            for written, derived in names:
                key = name_key(written)
                if not key:
                    continue
                single = " " not in written.strip()
                exact = single and (
                    sum(c.isupper() for c in written) >= 2 or any(c.isdigit() for c in written)
                )
                capital = single and written[:1].isupper()
                keyed.setdefault(key, []).append(len(self._names))
                self._names.append(_Name(group, written, exact, capital, derived))
        for key, found in keyed.items():
            # a name the table writes beats one read off another row's canonical name; the
            # later row (the analyst's) beats the earlier: the first index is the one taken
            indexes = sorted(found, key=lambda i: (self._names[i].derived, -i))
            keyed[key] = indexes
            automaton.add_word(key, (len(key), tuple(indexes)))
        if keyed:
            automaton.make_automaton()
        self._automaton = automaton if keyed else None
        self._by_key = keyed

    def _other_than(self, actor: Actor, spelled: str | None) -> bool:
        group = self.group(actor.actor)
        if not spelled:
            return False
        return group is None or spelled not in {name_key(n) for n in group.names()}

    def group(self, name: str | None) -> ArmedGroup | None:
        """The row whose canonical name is ``name``."""
        return self._by_name.get(name or "")

    def group_named(self, phrase: str) -> ArmedGroup | None:
        """The group a phrase names exactly ("Khalifa Haftar" if the table lists him)."""
        indexes = self._by_key.get(name_key(phrase))
        return self._names[indexes[0]].group if indexes else None

    def find(self, text: str) -> list[Actor]:
        """Every actor named in ``text``, in text order, longest where two overlap."""
        # The table's names first, longest first; then the generic phrases around them. Letters
        # the text spells out as something else are not the table's ("Nigerian Air Force (NAF)")
        own = {k: name_key(v) for k, v in defined_here(text).items()}
        named = sorted(
            (a for a in self._table_hits(text) if not self._other_than(a, own.get(a.text or ""))),
            key=lambda a: (a.start - a.end, a.start),
        )
        generic = sorted(self._generic_hits(text), key=lambda a: (a.start - a.end, a.start))
        taken: list[Actor] = []
        for actor in (*named, *generic):
            if all(actor.end <= t.start or actor.start >= t.end for t in taken):
                taken.append(actor)
        taken.sort(key=lambda a: a.start)
        taken = _under_operations(text, taken)
        # "the paramilitary Rapid Support Forces", "jihadist group JNIM": one actor, the group;
        # "Giants Brigade forces of the 8th Brigade": the group's unit, not the state's
        return [
            a
            for a, b, before in zip(taken, [*taken[1:], NO_ACTOR], [NO_ACTOR, *taken], strict=False)
            if not (
                b.kind in ("group", "state")
                and a.kind in ("rebels", "government")
                and _DESCRIBES.fullmatch(text, a.end, b.start)
            )
            and not (
                before.kind in ("group", "state")
                and _NUMBERED_UNIT.match(a.text or "")
                and _UNIT_OF.fullmatch(text, before.end, a.start)
            )
        ]

    def _table_hits(self, text: str) -> Iterable[Actor]:
        if self._automaton is None:
            return
        keys = keyed_text(text)
        size = len(keys.key)
        for last, (length, indexes) in self._automaton.iter(keys.key):
            first = last - length + 1
            if (first and keys.key[first - 1] != " ") or (
                last + 1 < size and keys.key[last + 1] != " "
            ):
                continue
            start, end = keys.span(first, last + 1)
            written = text[start:end]
            name = next((n for n in (self._names[i] for i in indexes) if _fits(n, written)), None)
            if name is None or _MODIFIER_SUFFIX.match(text, end):
                continue
            before = text[max(0, start - 5) : start].lower()
            if before.endswith("anti-"):  # "anti-Houthi forces" are not the Houthis
                opposed = _OPPOSED.match(text, end)
                if opposed:
                    side = "government" if name.group.side == "rebels" else "rebels"
                    written = text[start - 5 : opposed.end()]
                    yield Actor(side, written, start - 5, opposed.end(), kind=side)
                continue
            extended = _EXTENSION.match(text, end)
            span_end = extended.end() if extended else end
            span_start = start - 4 if before.endswith("pro-") else start
            yield _group_actor(name.group, written, span_start, span_end)

    def _generic_hits(self, text: str) -> Iterable[Actor]:
        for match in _generic().finditer(text):
            actor = self._generic_actor(match)
            if actor is not None:
                yield actor

    def _generic_actor(self, match: re.Match[str]) -> Actor | None:
        text = re.sub(r"\s+", " ", match.group())
        start, end = match.start(), match.end()
        if match["loyal"]:  # "forces loyal to Khalifa Haftar": the leader names them
            leader = match["leader"]
            group = self.group_named(leader)
            if group is not None:
                return _group_actor(group, leader, start, end)
            official = re.search(r"(?i)government|regime|president", leader)
            kind = "government" if official else "rebels"
            return Actor(kind, leader, start, end, kind=kind)
        if match["unknown_air"]:
            return Actor(UNIDENTIFIED_MILITARY, text, start, end, kind="unidentified")
        if match["unknown"]:
            return Actor(UNIDENTIFIED, text, start, end, kind="unidentified")
        if match["identity"]:  # "Fellata and Rizeigat communal militias": the first named
            if match["bond"] is None and everyday_word(match["people"].split()[-1]):
                return None  # "Armed herdsmen", "The herdsmen", "Cattle raiders": no people named
            bond = (match["bond"] or "ethnic").lower()  # "Fulani herdsmen": an ethnic militia
            kind = {"clan": "Clan", "tribal": "Tribal"}.get(bond, "Ethnic")
            return identity(f"{match['people']} {kind} Militia", text, start, end)
        if match["from"]:  # "armed youth from Tonj South": named after where they come from
            return identity(f"{match['home']} Communal Militia", text, start, end)
        if match["families"]:  # "the Al Salih and Al Tlais families": two clans' fight
            return identity(f"{match['clan']} Clan Militia", text, start, end)
        if match["communal"]:  # named after where they fight, once that is known
            return identity(COMMUNAL, text, start, end)
        if match["vigilantes"]:
            return identity(VIGILANTES, text, start, end)
        if match["origin"]:  # "Pakistani militants": unnamed, from that country
            origin = state_named(match["sw4"])
            name = origin.name if origin is not None else None
            return Actor(UNIDENTIFIED, text, start, end, state=name, kind="unidentified")
        if match["rebels"]:
            return Actor("rebels", text, start, end, kind="rebels")
        if match["gov"] and _PRO_GOVERNMENT_MILITIA.match(text):
            return Actor(PRO_GOVERNMENT_MILITIA, text, start, end, kind="government",
                         side="government")  # fmt: skip
        if match["gov"] or match["unit"]:  # "the 30th Armoured Brigade": a state's army unit
            return Actor("government", text, start, end, kind="government")
        if match["coalition"]:  # which coalition: the one fighting in the event's country
            return Actor(COALITION, text, start, end, kind="group")
        word = match["sw"] or match["sw2"] or match["bare"] or match["coord"]
        state = state_named(word.removesuffix("-led"))
        if state is None:
            return None
        return Actor(state.name.lower(), text, start, end, state=state.name, kind="state")


def identity(name: str, text: str, start: int, end: int) -> Actor:
    """A militia of a community, a clan or a place, named as conflict-event datasets do; the
    geography step adds the country ("Fellata Ethnic Militia (Sudan)")."""
    return Actor(name, text, start, end, kind="identity", side="rebels")


_AS_PART_OF = re.compile(
    r"(?i)(?:\s+(?:fighters|forces|troops|units|factions?|members))?(?:,)?\s+(?:\w+\s+){0,2}?"
    r"(?:operating|fighting|serving|taking\s+part|participating)?\s*"
    r"(?:as\s+part\s+of|under|within|in)\s+(?:the\s+)?$"
)
# between two actors of one list: "SNA and pro-Turkish factions", "Turkish, along with ..."
_LISTED = re.compile(
    r"(?i)\s*(?:,?\s*(?:and|or|along\s+with|as\s+well\s+as|together\s+with|plus|including|&)"
    r"\s+(?:other\s+|their\s+)?|,\s*)?"
)
_OPERATION = re.compile(r"(?i)operation\b")


def _under_operations(text: str, actors: list[Actor]) -> list[Actor]:
    """Actors in a state's operation act for that state, as event datasets code them: the list
    of actors "operating as part of Operation Peace Spring" closes takes its actor ("regime forces
    clashed with pro-Turkish fighters operating as part of ..." fought it), written as they were,
    with no ``state`` that could make them the government where they fight."""
    out = list(actors)
    for k, operation in enumerate(actors):
        named = operation.kind == "state" and _OPERATION.match(operation.text or "")
        tail = _AS_PART_OF.search(text, max(0, operation.start - 120), operation.start)
        if not named or tail is None:
            continue
        out[k], reach = replace(operation, state=None), tail.start()
        for i in range(k - 1, -1, -1):  # back along the list, to a word that is no list word
            actor = actors[i]
            closes = actor.start < reach <= actor.end  # the phrase's "fighters" ends the actor
            if not closes and (actor.end > reach or not _LISTED.fullmatch(text, actor.end, reach)):
                break
            out[i] = replace(actor, actor=operation.actor, state=None, kind="state", side=None)
            reach = actor.start
    return out


def _fits(name: _Name, written: str) -> bool:
    """Whether the text writes a name the way the table's form requires (case of acronyms)."""
    if name.exact:
        return re.sub(r"[.\-\s]", "", written) == re.sub(r"[.\-\s]", "", name.written)
    if name.capital:
        return written[:1].isupper()
    return True


def _group_actor(group: ArmedGroup, written: str, start: int, end: int) -> Actor:
    """The actor a table row stands for: a state's own forces are that state's ("Assam Rifles"
    are India's), any other row the group (a faction of an army at war with its government)."""
    if group.type == "state_forces" and group.side == "government" and group.countries:
        state = next((s for s in states() if s.code == group.countries[0]), None)
        if state is not None:
            return Actor(state.name.lower(), written, start, end, state=state.name, kind="state")
    if group.type == "foreign_operation" and len(group.side) == 2:
        # one state's named operation is that state's forces ("Operation Peace Spring" is
        # Turkey's); coalitions of states and private military firms keep their own names
        state = next((s for s in states() if s.code == group.side.upper()), None)
        if state is not None:
            return Actor(state.name.lower(), written, start, end, state=state.name, kind="state")
    return Actor(group.name, written, start, end, kind="group", side=group.side)


@lru_cache(maxsize=8)
def default_matcher(extra: tuple[Path, ...] = ()) -> ActorMatcher:
    """The matcher over the shipped armed-groups table and ``extra`` files merged on top."""
    return ActorMatcher(load_groups(extra))


def holding_side(actor: str, matcher: ActorMatcher | None = None) -> str:
    """The side a named group holds ground for on a control map: its side in the table
    ("rebels", "government", or the backing state's name in lower case, as the state's own
    forces are named); any other actor as it is. Allies share a zone, as before groups had
    names ("HTS: Hayat Tahrir al Sham" and "rebels" hold one Idlib)."""
    group = (matcher or default_matcher()).group(actor)
    if group is None or group.side in ("rebels", "government"):
        return group.side if group is not None else actor
    state = next((s for s in states() if s.code == group.side.upper()), None)
    return state.name.lower() if state is not None else actor


def actors_in(text: str, matcher: ActorMatcher | None = None) -> list[Actor]:
    """The actors named in ``text`` (see :meth:`ActorMatcher.find`)."""
    return (matcher or default_matcher()).find(text)
