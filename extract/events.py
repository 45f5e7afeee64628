"""Frontline and control events in news text: who advanced, took, besieged or shelled what.

Each trigger phrase ("advancing westward", "besieged", "rebel-held", "airstrikes") becomes an
:class:`Event` with a category, an actor (normalised to government, rebels, Turkey, Russia or
another state, the words as written kept in ``actor_text``), a place, a period, a direction for
advances, and a status: ``goal`` when the sentence states an aim ("to encircle", "would push
west"), else ``reported``.

Places come from the mentions in the trigger's clause: the object after the trigger ("encircle
Maarat al-Numan and the town of Saraqib" gives one event per town), else the place before it.
When the clause only points back ("besieged the city", "the province is controlled by..."),
``place`` stays None and ``place_hint`` names the kind of place meant (town, area, country) so the
geography step can take the last such place named before. An event with neither an actor nor a
place of its own is dropped: "the uptick in attacks" says nothing a map can show.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from extract.actors import ACTOR, NO_ACTOR, Actor, actor_of, modifier_actor, normalise_actor
from extract.records import DateSpan, Event, Mention, ParsedDocument, Sentence

__all__ = [
    "ACTORS",
    "CATEGORIES",
    "DIRECTIONS",
    "find_events",
    "names_a_road",
    "normalise_actor",
]

CATEGORIES = (
    "advance",
    "capture",
    "siege",
    "encircle",
    "attack",
    "control",
    "withdraw",
    "ceasefire",
)
ACTORS = ("government", "rebels", "Turkey", "Russia")
DIRECTIONS = {
    "north": 0.0, "north-east": 45.0, "east": 90.0, "south-east": 135.0,
    "south": 180.0, "south-west": 225.0, "west": 270.0, "north-west": 315.0,
}  # fmt: skip
"""Compass directions of advances and their bearings in degrees clockwise from north."""

# --- triggers ---------------------------------------------------------------------------------

_DIR = r"(?:north|south)?-?(?:east|west)|north|south"
_TRIGGERS = (
    ("control", r"(?P<held>(?:(?-i:[A-Z])[\w'’]*\s+)?[A-Za-z][\w'’]*)"
     r"-(?:held|controlled|run|dominated)\b|(?:controlled|held|run|dominated)\s+by\b|under\s+(?:the\s+)?(?:full\s+|firm\s+)?control"
     r"\s+of\b|in\s+(?P<hands>[\w'’-]+)\s+hands\b|(?P<bastion>rebel|opposition|insurgent|militant"
     r"|jihadist)\s+(?:bastion|stronghold|enclave|territory|territories|pocket|redoubt)s?\b"
     r"|(?P<holds>(?:controls|controlled|controlling|holds|held|holding)(?=\s+(?:the\s+"
     r"(?:towns?|cit(?:y|ies)|villages?|provinces?|regions?|areas?|districts?)\s+of\s+)?"
     r"(?!(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day|January|February|March|April|May|June|July"
     r"|August|September|October|November|December)(?-i:[A-Z])))"),
    ("ceasefire", r"cease-?fires?|truces?|armistice|de-?escalation\s+(?:agreement|deal|zone|pact)"
     r"|halt\s+to\s+(?:the\s+)?fighting"),
    ("capture", r"(?:re)?captur(?:e|ed|es|ing)|retak(?:e|en|es|ing)|retook|seiz(?:e|ed|es|ing)"
     r"|overr(?:an|un|unning)|(?:took|take|taken|takes|taking|seized|gained|gain|regain(?:ed|ing"
     r"|s)?|wrest(?:ed)?)\s+(?:full\s+|back\s+)?control|(?:took|taken|take)\s+over|fell\s+to"
     r"|fall(?:en|s)?\s+to|liberat(?:e|ed|es|ing)"),
    ("encircle", r"encircl(?:e|ed|es|ing|ement)|(?:fully\s+|completely\s+|been\s+)?surrounded\b"
     r"|surround(?:ing)?\s+(?:the|it|them)\b"),
    ("siege", r"besieg(?:e|ed|es|ing)|(?:under|laid|lay|lays)\s+siege|siege\s+of|blockad(?:e|ed"
     r"|ing)\b"),
    ("withdraw", r"withdr(?:ew|awn|aws|awing|awal|aw)|pull(?:ed|ing|s)?\s+(?:out|back)"
     r"|retreat(?:ed|ing|s)?"),
    ("advance", rf"advanc(?:e|es|ed|ing)(?!\s+(?:notice|warning|payment))|push(?:ed|es|ing)?"
     rf"\s+(?:(?:further|deeper|farther)\s+)?(?:{_DIR}|in(?:to)?|toward|towards|forward|on)\b"
     rf"|march(?:ed|es|ing)?\s+(?:on|toward|towards|into)\b|gain(?:ed|ing|s)?\s+ground"
     rf"|mov(?:ed|ing|es)\s+(?:{_DIR}|toward|towards|into|closer)\b|clos(?:ed|ing)\s+in\s+on"),
    ("attack", r"shell(?:ing|ed|s)?\b|air\s*strikes?|air\s*raids?|air\s+campaign"
     r"|drone\s+(?:strikes?|attacks?)|missile\s+(?:strikes?|attacks?)|rocket\s+(?:fire|attacks?)|artillery(?:\s+fire)?"
     r"|barrel\s+bombs?|bombard(?:ed|ing|ment|ments|s)?|bomb(?:ed|ing|ings)\b|attack(?:s|ed|ing)?"
     r"|assault(?:s|ed|ing)?|offensive|target(?:ing|ed)\b|struck|storm(?:ed|ing)\b"
     r"|raid(?:ed|ing)\b"
     r"|pounded|pounding"),
)  # fmt: skip
_TRIGGER = re.compile(
    r"(?i)(?<![\w-])(?:"
    + "|".join(f"(?P<{name}>{words})" for name, words in _TRIGGERS)
    + r")(?![\w-])"
)
_NOT_EVENTS = re.compile(
    r"(?i)\bin\s+advance|advanced\s+(?:weapons|technology|age|stage)|heart\s+attack"
    r"|\battack(?:s|ed)?\s+on\s+(?:the\s+)?(?:press|media|freedom)|\bpanic\s+attack"
)

# --- status, direction, places ----------------------------------------------------------------

_GOAL_BEFORE = re.compile(
    r"(?i)\b(?:to|would|will|could|might|may|shall|must|'d|plans?|aims?|seeks?|vows?)"
    r"\s+(?:\w+ly\s+)?$"
)
_BASE_VERB = re.compile(r"(?i)(?!.*(?:ing|ed|s)$)[a-z]+")
_DIRECTION_AFTER = re.compile(
    rf"(?i)^\s+(?:(?:further|farther|deeper|steadily|quickly|slowly|rapidly)\s+)?"
    rf"(?:(?P<to>{_DIR})(?:wards?|ern)?\b(?!\s+of\b)|toward(?:s)?\s+the\s+(?P<to2>{_DIR})\b"
    rf"(?!\s+of\b)|from\s+the\s+(?P<from>{_DIR})\b(?!\s+of\b))"
)
_OPPOSITE = {"north": "south", "south": "north", "east": "west", "west": "east"}
_CLAUSE_END = re.compile(r"[;:—–()\"“”]|\s-\s|,\s+(?:but|while|whereas|although)\b")
_PLACE_TYPE = (
    r"(?:cit(?:y|ies)|towns?|villages?|provinces?|governorate|regions?|districts?|areas?"
    r"|countryside|outskirts"
    r"|suburbs|strongholds?|parts|neighbo(?:u)?rhoods?)"
)
_OBJECT_LINK = re.compile(
    rf"(?i)\s+(?:(?:and|or)\s+[a-z]+\s+)?(?:the\s+)?(?:{_PLACE_TYPE}\s+of\s+(?:the\s+)?)?"
)
_PREPOSITION_LINK = re.compile(
    rf"(?i)\s+(?:[\w'’-]+\s+){{0,6}}?(?:in|on|into|of|around|near|at|toward|towards|against"
    rf"|across|inside|outside|to|from|for|over|hit|hits|struck|pounded|shelled)\s+(?:the\s+)?(?:(?:[\w-]+\s+)?{_PLACE_TYPE}"
    rf"\s+(?:of|around|near)\s+(?:the\s+)?)?"
)
_LIST_LINK = re.compile(
    r"(?i)\s*(?:,\s*(?:and\s+)?|\s+and\s+|\s+or\s+)(?:the\s+(?:town|city|village|province)s?"
    r"\s+of\s+)?"
)
_ROAD = re.compile(r"(?i)\b(?:highway|road|motorway|route|linking|connecting|between)\b")
_HINTS = (
    ("town", r"the\s+(?:city|town|village|neighbo(?:u)?rhood)"),
    ("area", r"the\s+(?:province|governorate|region|district|enclave|state)"),
    ("country", r"the\s+country"),
    ("any", r"\bit\b"),
)
_HINT = re.compile(
    r"(?i)\s*\b(?:(?:\w+\s+){0,2}?(?:on|in|into|around|of|near)\s+)?(?:"
    + "|".join(f"(?P<{name}>{words})" for name, words in _HINTS)
    + r")(?![\w-])"
)
_SUPPORTING = re.compile(
    r"(?i)\b(?:backed|supported|aided|assisted|helped|joined|reinforced)\s+(?:up\s+)?(?:by|with)"
    r"\s+(?:the\s+)?(?:\w+\s+)?$|\b(?:with|alongside)\s+(?:the\s+)?(?:help|support|backing)\s+of"
    r"\s+(?:the\s+)?(?:\w+\s+)?$"
)
_PAST_PERFECT = re.compile(r"(?i)\bhad\s+(?:(?:long|previously|once|earlier)\s+)?(?:been\s+)?$")
_REPORTED_SPEECH = re.compile(
    r"(?i)\b(?:said|says|say|told|announced|reported|confirmed|claimed|stated|added)\b"
)
_PAST_STATE = re.compile(r"(?i)held|controlled|run|dominated|under")
_ROAD_NAME = re.compile(
    r"(?:-[\w'’]+(?:\s+[\w'’]+)?)?\s+(?:highway|road|motorway|route|expressway)\b", re.IGNORECASE
)
_ROAD_OBJECT = re.compile(
    r"(?i)\s+(?:of\s+|over\s+)?(?:the\s+)?(?:[\w'’-]+\s+){0,2}?"
    r"(?:highway|road|motorway|route|expressway)s?\b"
)
_REPORTING_DATE = re.compile(
    r"(?i)\b(?:said|says|told|warned|announced|statement|reported|added|stated)\s+(?:\w+\s+){0,3}$"
)


_NOUN_TRIGGER = re.compile(
    r"(?i)(?:offensive|air|drone|missile|rocket|artillery|barrel|bombardment|shelling|attacks\b"
    r"|assaults?\b|advance\b|cease|truce|armistice|de-?escalation|siege|blockade\b|withdrawal"
    r"|encirclement)"
)


def find_events(parsed: ParsedDocument, places: Sequence[Mention]) -> list[Event]:
    """Find frontline and control events in a parsed document.

    Parameters
    ----------
    parsed
        The document read once; an event's period is the date nearest its trigger in the
        sentence, leaving out the date a statement was made ("warned on Tuesday that...").
    places
        Place mentions events may happen at (places only: demonyms such as "Syrian" name
        actors, not places).

    Returns
    -------
    list[Event]
        Events in text order, one per trigger and place (repeats within a sentence merged).
    """
    text, dates, mentions = parsed.text, parsed.dates, places
    events: list[Event] = []
    for sentence in parsed.sentences:
        places = [m for m in mentions if sentence.start <= m.start and m.end <= sentence.end]
        sent_dates = [d for d in dates if sentence.start <= d.char_start < sentence.end]
        found = _sentence_events(text, sentence, places, sent_dates)
        placed = {(e.category, e.actor) for e in found if e.place or e.place_hint}
        seen: set[tuple[str, str | None, int, str | None]] = set()
        for event in found:
            if not (event.place or event.place_hint) and (event.category, event.actor) in placed:
                continue  # "spared no shells ... in targeting it": one attack, on the city
            key = (
                event.category,
                event.actor,
                event.place.start if event.place else -1,
                event.place_hint,
            )
            if key not in seen:
                seen.add(key)
                events.append(event)
    return events


def _sentence_events(
    text: str, sentence: Sentence, places: Sequence[Mention], dates: Sequence[DateSpan]
) -> list[Event]:
    body = sentence.text
    excluded = [(m.start(), m.end()) for m in _NOT_EVENTS.finditer(body)]
    actors = [actor_of(m) for m in ACTOR.finditer(body)]
    triggers = [
        m for m in _TRIGGER.finditer(body) if not any(a <= m.start() < b for a, b in excluded)
    ]
    # Actor names are no places ("organised by Moscow and Ankara"), nor are towns that name a
    # road ("the Damascus-Aleppo highway").
    places = [
        m
        for m in places
        if not names_a_road(text, m)
        and not any(
            a.start <= m.start - sentence.start < a.end
            for a in actors
            if a.actor not in (None, "government", "rebels") or a.text == m.text
        )
    ]
    out: list[Event] = []
    for index, trigger in enumerate(triggers):
        category = next(name for name, _ in _TRIGGERS if trigger[name])
        after_end = _scope_end(body, trigger, triggers[index + 1 :])
        actor = _actor(body, trigger, category, actors)
        targets, hint = _places(text, sentence, trigger, after_end, places)
        if hint == "before" and trigger["held"]:
            targets, hint = [], None  # "toward Aleppo to take the opposition-held section"
        if actor.actor is None and (hint is not None or not targets):
            continue  # no actor: keep only a place named right after ("the assault in Idlib")
        hint = None if hint == "before" else hint
        if category == "control" and actor.actor is None:
            continue  # "held by" with no holder named is no control event
        verb_end = trigger.start() + len(trigger.group().split()[0])
        direction = _direction(body[verb_end:]) if category == "advance" else None
        status = _status(body[: trigger.start()], trigger.group())
        previous_end = triggers[index - 1].end() if index else 0
        period = _event_period(text, sentence, (previous_end, trigger, after_end), dates)
        start, end = sentence.start + trigger.start(), sentence.start + trigger.end()
        spots: list[Mention | None] = [*targets] or [None]
        for place in spots:
            out.append(
                Event(
                    category=category,
                    actor=actor.actor,
                    actor_text=actor.text,
                    char_start=start,
                    char_end=end,
                    sentence=sentence,
                    place=place,
                    period=period,
                    direction=direction,
                    status=status,
                    place_hint=None if place else hint,
                )
            )
    return out


def names_a_road(text: str, mention: Mention) -> bool:
    """Whether a town is named as part of a road ("the Damascus-Aleppo highway", "Aleppo road"),
    which says nothing about the town itself."""
    return _ROAD_NAME.match(text, mention.end) is not None


def _scope_end(body: str, trigger: re.Match[str], later: Sequence[re.Match[str]]) -> int:
    """Where the words a trigger governs end: the clause's end or the next verb trigger."""
    limit = len(body)
    brk = _CLAUSE_END.search(body, trigger.end())
    if brk:
        limit = brk.start()
    for other in later:
        if other["control"] or other.start() >= limit:
            continue  # "advancing into the rebel-held countryside": a description, not a verb
        return other.start()
    return limit


def _actor(body: str, trigger: re.Match[str], category: str, actors: Sequence[Actor]) -> Actor:
    """Who acts: the holder of a control phrase, a "by" phrase, a modifier, or the subject."""
    if trigger["held"] or trigger["hands"]:
        words = trigger["held"] or trigger["hands"]
        named = next((a for a in actors if a.start <= trigger.start() < a.end), None)
        if named is not None and named.actor is not None:
            return named
        actor = normalise_actor(words.split()[-1])
        return Actor(actor, words) if actor else NO_ACTOR
    if trigger["bastion"]:
        return Actor("rebels", trigger["bastion"])
    after = [a for a in actors if a.start >= trigger.end() and a.actor is not None]
    ends_with_by = re.search(r"(?i)\b(?:by|of)$", trigger.group()) is not None
    by = re.compile(
        r"(?i)\s+(?:(?:largely|mostly|partly|now)\s+)?"
        + ("" if ends_with_by else r"(?:\w+\s+){0,6}?by\s+")
        + r"(?:the\s+)?(?:\w+\s+)?"
    )
    if after and by.fullmatch(body[trigger.end() : after[0].start]):
        return after[0]
    if category == "control" and not trigger["holds"]:
        return NO_ACTOR  # a control phrase names its holder, or none
    modifier = modifier_actor(body[: trigger.start()])
    if modifier.actor is not None:
        # "Libyan National Army seized": the word before is the end of a named actor
        spans = [
            a for a in actors if a.actor is not None and a.start < trigger.start() <= a.end + 1
        ]
        return spans[-1] if spans else modifier
    before = [
        a
        for a in actors
        if a.end <= trigger.start()
        and a.actor is not None
        and not _SUPPORTING.search(body[: a.start])
    ]
    if before:
        gap = body[before[-1].end : trigger.start()]
        if _NOUN_TRIGGER.match(trigger.group()):
            if len(gap) < 60 and "," not in gap:
                return before[-1]  # "the regime continues to kill civilians by attacks"
        elif len(gap) < 120:
            return before[-1]
    return NO_ACTOR


def _places(
    text: str,
    sentence: Sentence,
    trigger: re.Match[str],
    scope_end: int,
    places: Sequence[Mention],
) -> tuple[list[Mention], str | None]:
    """The places an event is about, or a hint at the kind of place a pronoun points back to."""
    base = sentence.start
    if _ROAD_OBJECT.match(sentence.text, trigger.end()):
        return [], None  # "took full control of the highway": a road, no town to put it on
    after = [m for m in places if base + trigger.end() <= m.start < base + scope_end]
    if after:
        first = after[0]
        between = text[base + trigger.end() : first.start]
        if _ROAD.search(between):
            return [], None  # "retake a highway linking Latakia and Aleppo": neither town
        if not (_OBJECT_LINK.fullmatch(between) or _PREPOSITION_LINK.fullmatch(between)):
            after = []
    if after:
        first = after[0]
        for nxt in after[1:]:
            if re.fullmatch(r"(?:'s|’s)\s+", text[first.end : nxt.start]):
                first = nxt  # "Syria's Idlib Province" is about the province
        targets = [first]
        if _OBJECT_LINK.fullmatch(between):
            for nxt in after[1:]:
                if not _LIST_LINK.fullmatch(text[targets[-1].end : nxt.start]):
                    break
                targets.append(nxt)
        return targets, None
    hint = _HINT.match(sentence.text, trigger.end(), scope_end)
    clause_start = 0
    for brk in _CLAUSE_END.finditer(sentence.text, 0, trigger.start()):
        clause_start = brk.end()
    before = [
        m for m in places if base + clause_start <= m.start and m.end <= base + trigger.start()
    ]
    subject_hint = next(
        (h for h in _HINT.finditer(sentence.text, clause_start, trigger.start()) if not h["any"]),
        None,
    )
    if before and not (subject_hint and subject_hint.start() > before[-1].end - base):
        return [before[-1]], "before"
    for found in (hint, subject_hint):
        if found is not None:
            return [], next(name for name, _ in _HINTS if found[name])
    return [], None


def _direction(rest: str) -> str | None:
    """Compass direction right after an advance: "westward", "toward the north"."""
    match = _DIRECTION_AFTER.match(rest)
    if match is None:
        return None
    word = (match["to"] or match["to2"] or match["from"]).lower().replace("-", "")
    parts = [p for p in ("north", "south") if word.startswith(p)]
    parts += [p for p in ("east", "west") if word.endswith(p)]
    if match["from"]:
        parts = [_OPPOSITE[p] for p in parts]
    return "-".join(parts) if parts else None


def _status(before: str, trigger: str) -> str:
    """``goal`` for a stated aim, ``past`` for a state that held before ("had been held by"),
    else ``reported``."""
    if _is_goal(before, trigger):
        return "goal"
    if _PAST_PERFECT.search(before):
        # "the ministry said its forces had taken the town" is reported speech, not a past state;
        # "the town had been held by rebels" stays one.
        state = _PAST_STATE.match(trigger) and re.search(r"(?i)\bbeen\s+$", before)
        return "reported" if _REPORTED_SPEECH.search(before) and not state else "past"
    return "reported"


def _is_goal(before: str, trigger: str) -> bool:
    """A stated aim: an infinitive or modal right before a verb ("to encircle", "would push")."""
    verb = trigger.split()[0]
    return bool(_GOAL_BEFORE.search(before)) and bool(_BASE_VERB.fullmatch(verb))


def _event_period(
    text: str,
    sentence: Sentence,
    window: tuple[int, re.Match[str], int],
    dates: Sequence[DateSpan],
) -> DateSpan | None:
    """The date of a trigger's own words, nearest first (not the day a statement was made);
    else a date that closes a list of triggers ("shelling and airstrikes this month")."""
    first, trigger, last = window
    base = sentence.start
    usable = [d for d in dates if not _REPORTING_DATE.search(text[base : d.char_start])]
    own = [d for d in usable if base + first <= d.char_start and d.char_end <= base + last]
    if own:
        return min(own, key=lambda d: abs(d.char_start - base - trigger.start()))
    brk = _CLAUSE_END.search(sentence.text, trigger.end())
    clause_end = base + (brk.start() if brk else len(sentence.text))
    later = [d for d in usable if base + trigger.end() <= d.char_start < clause_end]
    if later:
        nearest = min(later, key=lambda d: d.char_start)
        between = text[base + trigger.end() : nearest.char_start]
        if len(between) < 40:
            return nearest
    return None
