"""Frontline and control events in news text: who advanced, took, besieged or shelled what.

Each trigger phrase ("advancing westward", "besieged", "rebel-held", "airstrikes", "clashed
with") becomes an :class:`Event` with a category and a sub-type in the shared taxonomy
(:mod:`extract.event_words`), an actor (:mod:`extract.actors`: a group's name, government,
rebels, a state's forces, the words as written kept in ``actor_text``), the actor it was aimed
at (``target``: "clashed with QSD fighters", "killed two civilians"), a place, a period, a
direction for advances, and a status: ``goal`` when the sentence states an aim ("to encircle",
"would push west"), else ``reported``.

Places come from the mentions in the trigger's clause: the object after the trigger ("encircle
Maarat al-Numan and the town of Saraqib" gives one event per town), else the place before it.
When the clause only points back ("besieged the city", "the province is controlled by..."),
``place`` stays None and ``place_hint`` names the kind of place meant (town, area, country) so the
geography step can take the last such place named before. An event with neither an actor nor a
place of its own is dropped: "the uptick in attacks" says nothing a map can show. A bomb or a
shooting whose perpetrator is not named is the work of an unidentified armed group, as
conflict-event datasets code it.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence

from extract.actor_words import normalise_actor
from extract.actors import (
    NO_ACTOR,
    UNIDENTIFIED,
    Actor,
    ActorMatcher,
    default_matcher,
)
from extract.event_parties import (
    MUTUAL,
    REPEL,
    STRUCK_MINE,
    acting,
    aimed_at,
    blame_unclaimed,
    clash_side,
    counted_fire,
    has_killer,
    unclaimed,
)
from extract.event_words import (
    CATEGORIES,
    DIRECTIONS,
    NOT_EVENTS,
    NOUN_TRIGGER,
    TRIGGER,
    TRIGGERS,
    manner,
    protest_or_arrest,
)
from extract.records import DateSpan, Event, Mention, ParsedDocument, Sentence
from extract.spans import InText
from extract.unknown_places import names_people

__all__ = [
    "CATEGORIES",
    "DIRECTIONS",
    "find_events",
    "names_a_road",
    "normalise_actor",
]

_DIR = r"(?:north|south)?-?(?:east|west)|north|south"
_NEGATED = re.compile(r"(?i)\b(?:not|never|no|neither|nor|without|n't)\s+(?:[\w'’-]+\s+){0,3}$")
_PRONOUN = re.compile(
    r"(?i)\b(?:they|it|he|the\s+group|the\s+former|the\s+latter)\s+(?:(?:\w+ly|have|has|had"
    r"|were|was|also|then|later|reportedly|allegedly)\s+){0,2}$"
)
_KIND = {name: (category, subtype) for name, category, subtype, _ in TRIGGERS}
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


def find_events(
    parsed: ParsedDocument, places: Sequence[Mention], actors: ActorMatcher | None = None
) -> list[Event]:
    """Find frontline and control events in a parsed document.

    Parameters
    ----------
    parsed
        The document read once; an event's period is the date nearest its trigger in the
        sentence, leaving out the date a statement was made ("warned on Tuesday that...").
    places
        Place mentions events may happen at (places only: demonyms such as "Syrian" name
        actors, not places).
    actors
        The actor matcher (the shipped armed-groups table with an analyst's rows merged on top);
        by default the shipped table alone.

    Returns
    -------
    list[Event]
        Events in text order, one per trigger and place (repeats within a sentence merged).
    """
    text = parsed.text
    dates = InText(parsed.dates, lambda d: d.char_start)
    mentions = InText(places, lambda m: m.start)
    matcher = actors or default_matcher()
    events: list[Event] = []
    last = NO_ACTOR  # who acted last: "they" of the next sentence
    for sentence in parsed.sentences:
        if TRIGGER.search(sentence.text) is None:
            continue  # most sentences tell of no event: no need to look for actors there
        places = [m for m in mentions.within(sentence) if m.end <= sentence.end]
        sent_dates = dates.within(sentence)
        named = matcher.find(sentence.text)  # offsets in the sentence
        found, last = _sentence_events(text, sentence, places, sent_dates, (named, last))
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
    # "A bomb went off in X. Police suspect a Maoist role.": whom the text blames
    return blame_unclaimed(parsed.sentences, events, matcher.find)


def _sentence_events(
    text: str,
    sentence: Sentence,
    places: Sequence[Mention],
    dates: Sequence[DateSpan],
    named: tuple[Sequence[Actor], Actor],
) -> tuple[list[Event], Actor]:
    """The events of one sentence, and the last actor of its events (or ``last``, the one
    before, when it names none) for the pronouns of the next ("they gained control")."""
    actors, last = named
    body = sentence.text
    excluded = [(m.start(), m.end()) for m in NOT_EVENTS.finditer(body)]
    triggers = _own_verbs(
        body,
        [m for m in TRIGGER.finditer(body) if not any(a <= m.start() < b for a, b in excluded)],
    )
    # Actor names are no places ("organised by Moscow and Ankara"), nor are towns that name a
    # road ("the Damascus-Aleppo highway").
    places = [
        m
        for m in places
        if not names_a_road(text, m)
        and not names_people(text, m.end)  # "killed 30 Amhara civilians in Gimbi": in Gimbi
        and not any(
            a.start <= m.start - sentence.start < a.end
            for a in actors
            if a.kind in ("group", "state") or a.text == m.text
        )
    ]
    protest = protest_or_arrest(body)
    out: list[Event] = []
    previous: list[tuple[Actor, Actor]] = []  # (actor, target) of the triggers before
    for index, trigger in enumerate(triggers):
        name = next(n for n in _KIND if trigger[n])
        category, subtype = _KIND[name]
        after_end = _scope_end(body, trigger, triggers[index + 1 :])
        if _NEGATED.search(body, max(0, trigger.start() - 40), trigger.start()):
            continue  # "no advances were made", "the U.S. is not engaged in the bombing"
        actor, target = _sides(body, (name, trigger, after_end), actors, previous, last)
        if name == "kill" and not has_killer(body, trigger, actor):
            continue  # "killed" is an event only with its killer: "X killed", "killed by X"
        previous.append((actor, target))
        if protest and name in ("clash", "attack", "kill") and actor.kind in (None, "government"):
            continue  # "police fired tear gas at protesters": a protest, not a battle
        targets, hint = _places(
            text,
            sentence,
            trigger,
            after_end,
            places,
            _sides_end(body, trigger, after_end, (actor, target)),
        )
        if hint == "before" and trigger["held"]:
            targets, hint = [], None  # "toward Aleppo to take the opposition-held section"
        if actor.actor is None and counted_fire(trigger) and last.actor is not None:
            actor = last  # "... fired mortars at X. Monitors recorded 25 projectiles near Y"
        if actor.actor is None and unclaimed(name, trigger):
            actor = Actor(UNIDENTIFIED, None, kind="unidentified")  # "a roadside bomb in X"
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
        context = f"{actor.text or ''} {body[trigger.start() : min(after_end, trigger.end() + 80)]}"
        kind = _subtype(name, category, subtype, actor, target, context)
        if actor.kind != "unidentified":
            last = actor
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
                    subtype=kind,
                    target=target.actor,
                    target_text=target.text,
                    actor_state=actor.state,
                )
            )
    return out, last


def _sides(
    body: str,
    trigger: tuple[str, re.Match[str], int],
    actors: Sequence[Actor],
    previous: Sequence[tuple[Actor, Actor]],
    last: Actor,
) -> tuple[Actor, Actor]:
    """The actor and the target of one trigger (its group, the match, its scope's end): "they"
    is who acted last; a clash's one named side is its actor; whoever steps on a mine is hit."""
    name, match, scope_end = trigger
    actor = acting(body, (match, scope_end), actors, previous)
    pronoun = _PRONOUN.search(body, 0, match.start())
    if actor.actor is None and pronoun and last.actor is not None:
        actor = dataclasses.replace(last, start=pronoun.start(), end=pronoun.end())
    mutual = MUTUAL.match(match.group()) is not None
    if actor.actor is None and mutual:
        actor = clash_side(body, match, actors)
    target = aimed_at(body, match, scope_end, actors, actor) if name != "control" else NO_ACTOR
    if actor.actor is None and mutual and target.actor is not None:
        actor, target = target, NO_ACTOR  # "killed in an encounter with Maoists": a side
    if name == "explosive" and STRUCK_MINE.match(match.group()) and actor.start >= 0:
        actor, target = NO_ACTOR, actor  # "two soldiers stepped on a mine": they were hit
    return actor, target


def _sides_end(body: str, trigger: re.Match[str], scope_end: int, sides: Sequence[Actor]) -> int:
    """Where the sides named right after the trigger end ("clashes between the army and the
    Arakan Army near Sittwe"): the place is looked for after them."""
    ends = [
        a.end
        for a in sides
        if trigger.end() <= a.start
        and a.end <= scope_end
        and a.start - trigger.end() <= 80
        and "," not in body[trigger.end() : a.start]
    ]
    return max(ends, default=0)


def _subtype(
    name: str, category: str, subtype: str | None, actor: Actor, target: Actor, context: str
) -> str | None:
    """The event's sub-type: a capture's by who holds the actor, an attack's by its weapons and
    its target (an armed attack on civilians)."""
    if category == "capture":
        if actor.actor is None:
            return None
        if actor.governs:
            return "government_regains_territory"
        return "non_state_overtakes_territory"
    if name in ("attack", "kill"):
        subtype = manner(context) or "armed_clash"
    if subtype == "armed_clash" and target.actor == "civilians":
        return "attack_on_civilians"
    return subtype


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
        if other["control"] or other["kill"] or other.start() >= limit:
            continue  # "advancing into the rebel-held countryside": a description, not a verb
        if REPEL.match(trigger.group()) and _ARTICLE.fullmatch(body, trigger.end(), other.start()):
            continue  # "repelled an attack by M23 on Sake": one event, the attack's words
        return other.start()
    return limit


def _own_verbs(body: str, triggers: Sequence[re.Match[str]]) -> list[re.Match[str]]:
    """The triggers less the verbs of a noun trigger just before ("a roadside bomb struck a
    convoy", "airstrikes targeted a hospital"): one event, told by the noun."""
    kept: list[re.Match[str]] = []
    for trigger in triggers:
        last = kept[-1] if kept else None
        if (
            last is not None
            and (trigger["attack"] or trigger["kill"])
            and NOUN_TRIGGER.match(last.group())
            and _ADVERB.fullmatch(body, last.end(), trigger.start())
        ):
            continue
        kept.append(trigger)
    return kept


_ARTICLE = re.compile(r"(?i)\s+(?:an?|the|their|its|several|two|three|multiple|\w+-\w+)?\s*")
_ADVERB = re.compile(r"(?i)\s+(?:(?:\w+ly|also|reportedly|have|has|had|were|was)\s+){0,2}")


def _places(
    text: str,
    sentence: Sentence,
    trigger: re.Match[str],
    scope_end: int,
    places: Sequence[Mention],
    named_end: int = 0,
) -> tuple[list[Mention], str | None]:
    """The places an event is about, or a hint at the kind of place a pronoun points back to.

    ``named_end`` is where the sides named after the trigger end ("clashes between the army and
    the Arakan Army near Sittwe"): the place is looked for after them."""
    base = sentence.start
    if _ROAD_OBJECT.match(sentence.text, trigger.end()):
        return [], None  # "took full control of the highway": a road, no town to put it on
    after = [m for m in places if base + trigger.end() <= m.start < base + scope_end]
    if after:
        first = after[0]
        skip = named_end if trigger.end() < named_end <= first.start - base else trigger.end()
        between = text[base + skip : first.start]
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
