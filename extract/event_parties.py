"""Who acts in an event and whom it is aimed at, from the actors its sentence names.

The actor is the holder of a control phrase, the first side of "clashes between X and Y", the
one named in a "by" phrase, a modifier ("Russian airstrikes"), or the subject before the trigger
(the head of "Turkish forces and allied factions", never a backer named in an aside nor the
victims of a passive sentence). The target is the other side, what was taken "from" whom, the
actor or the civilians named after the trigger, or the victims named before it.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Sequence

from extract.actor_words import modifier_actor
from extract.actors import NO_ACTOR, UNIDENTIFIED, Actor
from extract.event_words import NOUN_TRIGGER, civilian_target
from extract.records import Event, Sentence

__all__ = [
    "MUTUAL",
    "REPEL",
    "STRUCK_MINE",
    "acting",
    "aimed_at",
    "blame_unclaimed",
    "claimant",
    "clash_side",
    "has_killer",
    "unclaimed",
]

# Triggers whose perpetrator, when the text names none, is an unidentified armed group.
_UNCLAIMED = frozenset({"explosive", "violence"})
_COUNTED_FIRE = re.compile(r"^\d")  # "12 projectiles", "19 shots/bursts of fire"
_SHOOTING = re.compile(
    r"(?i)^(?:shot|gunned|opened|fired\s|firing\s|assassinat|ambush|came\s+under"
    r"|(?:was|were|been)\s+fired)"
)
# Clashes have two sides: "four militants were killed in clashes with the army" names one.
MUTUAL = re.compile(
    r"(?i)^(?:clash|fighting|fought|firefight|fire\s*fight|gunfight|gun\s*battle|battle|exchang"
    r"|heavy\s+exchang|encounter|gunfire|crossfire)"
)
STRUCK_MINE = re.compile(r"(?i)^(?:hit|struck|stepped|triggered|drove)")
REPEL = re.compile(r"(?i)^(?:repel|thwart|foil|repuls)")

# Words right before an actor that make it a backer, an umbrella or a source, not who acts.
_SUPPORTING = re.compile(
    r"(?i)\b(?:backed|supported|aided|assisted|helped|joined|reinforced)\s+(?:up\s+)?(?:by|with)"
    r"\s+(?:the\s+)?(?:\w+\s+)?$|\b(?:with|alongside)\s+(?:the\s+)?(?:help|support|backing)\s+of"
    r"\s+(?:the\s+)?(?:\w+\s+)?$|\b(?:operat(?:ing|es?|ed)|fighting|part)\s+(?:(?:as\s+)?part\s+of"
    r"|under|within|for|with)\s+(?:the\s+)?(?:\w+\s+)?$|\b(?:affiliated|allied|aligned)\s+(?:with|to)"
    r"\s+(?:the\s+)?$|\bunder\s+(?:the\s+)?(?:command|umbrella)\s+of\s+(?:the\s+)?$"
)
_SOURCE = re.compile(r"(?i)\baccording\s+to\s+(?:the\s+)?(?:[\w'’-]+\s+){0,3}$")
_VICTIM = re.compile(
    r"(?i)\s+(?:[\w'’-]+\s+){0,3}?(?:and\s+(?:[\w'’-]+\s+){1,3}?)?"
    r"(?:(?:was|were|had\s+been|have\s+been|has\s+been|being)\s+"
    r"(?:\w+\s+){0,2}?(?:killed|wounded|injured|shot|hurt|abducted|kidnapped|targeted"
    r"|attacked|hit|gunned\s+down|beaten|stabbed|lynched)"
    r"|died)\b"
)
# A speaker is not who acts ("Erdogan warned that massacres..."), unless it speaks of itself.
_SPEECH = re.compile(
    r"(?i)\b(?:said|says|warned|warns|told|accused|denied|announced|stated|added|insisted)\b"
    r"|\b(?:claim(?:ed|s)|reported|alleged)\s+that\b"
)
_SELF = re.compile(
    r"(?i)\s+(?:[\w,]+\s+){0,5}?(?:that\s+)?(?:its|their|his|her|our|it|they|he|she|we)\b"
)
_ADJACENT = re.compile(
    r"(?i)(?:\s+(?:soldiers|troops|fighters|forces|personnel|members|units|militiamen|gunmen))?"
    r"\s+(?:(?:\w+ly|also|then|later|reportedly|allegedly|have|has|had|\w+ed\s+and)\s+){0,2}$"
)
# "clashes (took place) between": the first side named after it that no aside ("which operates
# under QSD") names is the actor.
_BETWEEN = re.compile(r"(?i)\s*,?\s+(?:[\w'’-]+,?\s+){0,8}?between\s+[^;:()]{0,80}?$")
_CHAIN = re.compile(r"(?i)\s*(?:,\s*)?(?:(?:and|&|against|with|as\s+well\s+as)\s+)?(?:the\s+)?")
# Sides named together ("the KIA and the army"); a side may carry its unit's number or command
# ("KIA 6 under brigade 2 and Myanmar Armed Forces clashed").
_UNIT = (
    r"(?:\s+\d+)?(?:\s+(?:under|of)\s+(?:the\s+)?"
    r"(?:brigade|battalion|division|regiment|command|unit)\s+\d+)?"
)
_HEAD = re.compile(rf"(?i){_UNIT}\s*(?:,\s*(?:and\s+)?|(?:and|&)\s+)(?:the\s+)?")
_OF = re.compile(r"(?i)\s+of\s+(?:the\s+)?")
_BY = re.compile(r"(?i)\bby\s+(?:the\s+)?(?:\w+\s+)?$")
_BY_WORD = re.compile(r"(?i)\bby\b")
_FROM = re.compile(r"(?i)\s+(?:[\w'’-]+\s+){0,12}?from\s+(?:the\s+)?(?:\w+\s+)?$")
_RELATIVE = re.compile(r"(?i)\b(?:which|that|who|as|while|after|before|since)\b")
# What the army, the police or the state holds, hit as the state: "an army position".
_THINGS_OF_STATE = re.compile(
    r"(?i)\b(?:army|military|police|security|government|regime)\s+(?:positions?|posts?|bases?"
    r"|convoys?|patrols?|checkpoints?|stations?|vehicles?|trucks?|barracks|camps?|installations?"
    r"|outposts?)\b"
)


# Who a text says did what nobody was seen doing: "police suspect a Maoist role", "the Taliban
# claimed responsibility", "officials blamed the attack on al-Shabaab".
_BLAMED = re.compile(
    r"(?i)\b(?:suspect(?:s|ed)?|blam(?:e|ed|es|ing)|attribut(?:e|ed|es|ing))\s+"
    r"(?:[\w'’-]+\s+){0,4}?(?:on\s+|to\s+)?(?:a\s+|an\s+|the\s+)?$"
)
_CLAIMED = re.compile(
    r"(?i)\s+(?:\([^)]{1,12}\)\s+)?(?:has\s+|have\s+|had\s+)?(?:reportedly\s+|later\s+)?"
    r"claim(?:ed|s)?\s+(?:the\s+)?responsibility"
)


def claimant(text: str, actors: Sequence[Actor]) -> Actor:
    """The actor a sentence holds responsible for an attack: "police suspect a Maoist role",
    "the MNPF claimed responsibility for the blast"; nobody, when it blames no one."""
    for actor in actors:
        if actor.actor is None or actor.kind == "unidentified":
            continue
        if _BLAMED.search(text[: actor.start]) or _CLAIMED.match(text, actor.end):
            return actor
    return NO_ACTOR


_CUE = re.compile(r"(?i)suspect|blam|attribut|responsib")


def blame_unclaimed(
    sentences: Sequence[Sentence],
    events: Sequence[Event],
    find: Callable[[str], Sequence[Actor]],
) -> list[Event]:
    """Events nobody was seen doing (a bomb that went off), given to whom their sentence or one
    of the next two holds responsible: "A bomb went off at a market. Police suspect a Maoist
    role." ``find`` names the actors of a sentence."""
    index = {sentence.start: i for i, sentence in enumerate(sentences)}
    blamed: dict[int, Actor] = {}

    def blamed_in(i: int) -> Actor:
        if i not in blamed:
            text = sentences[i].text
            blamed[i] = claimant(text, find(text)) if _CUE.search(text) else NO_ACTOR
        return blamed[i]

    out = []
    for event in events:
        first = index.get(event.sentence.start)
        if event.actor != UNIDENTIFIED or event.actor_text is not None or first is None:
            out.append(event)
            continue
        found = next(
            (a for i in range(first, min(first + 3, len(sentences))) if (a := blamed_in(i)).actor),
            NO_ACTOR,
        )
        if found.actor is not None:
            event = dataclasses.replace(
                event, actor=found.actor, actor_text=found.text, actor_state=found.state
            )
        out.append(event)
    return out


def counted_fire(trigger: re.Match[str]) -> bool:
    """Whether the trigger is fire a monitor counted ("12 projectiles", "19 bursts of fire")."""
    return _COUNTED_FIRE.match(trigger.group()) is not None


def unclaimed(name: str, trigger: re.Match[str]) -> bool:
    """A bomb, a killing, a shooting, or fire that monitors counted ("observed 12 projectiles",
    "19 bursts of fire near X"): with no perpetrator named, an unidentified group's."""
    if name in ("clash", "shelling") and counted_fire(trigger):
        return True
    return name in _UNCLAIMED or (name == "clash" and bool(_SHOOTING.match(trigger.group())))


def has_killer(body: str, trigger: re.Match[str], actor: Actor) -> bool:
    """Whether "killed" has its killer: right before it ("Afghan forces killed") or after "by"."""
    if actor.actor is None or actor.start < 0:
        return False
    if actor.start >= trigger.end():
        return True
    return actor.end <= trigger.start() and bool(
        _ADJACENT.fullmatch(body[actor.end : trigger.start()])
    )


def clash_side(body: str, trigger: re.Match[str], actors: Sequence[Actor]) -> Actor:
    """The side named as suffering a clash, before it: "militants were killed in clashes"."""
    for other in reversed([a for a in actors if a.end <= trigger.start() and a.actor]):
        if _VICTIM.match(body, other.end) and "," not in body[other.end : trigger.start()]:
            return other
    return NO_ACTOR


def acting(
    body: str,
    scope: tuple[re.Match[str], int],
    actors: Sequence[Actor],
    previous: Sequence[tuple[Actor, Actor]] = (),
) -> Actor:
    """Who acts: the holder of a control phrase, the first side of "clashes between", a "by"
    phrase in the trigger's own words, a modifier, or the subject (the head of "Turkish forces
    and allied factions").

    ``scope`` is the trigger and where the words it governs end; ``previous`` the (actor, target)
    of the sentence's earlier triggers, for a participle that shares its clause's subject.
    """
    trigger, scope_end = scope
    held = _holder(trigger, actors)
    if held is not None:
        return held
    if REPEL.match(trigger.group()) and _THEIR_ATTACK.match(body, trigger.end()):
        # "12 Taliban were killed when Afghan forces repulsed their attack": the attackers act
        attackers = clash_side(body, trigger, actors)
        if attackers.actor is not None:
            return attackers
    named = _named_after(body, trigger, scope_end, actors)
    if named is not None:
        return named
    if trigger["control"] and not trigger["holds"]:
        return NO_ACTOR  # a control phrase names its holder, or none
    modifier = modifier_actor(body[: trigger.start()])
    if modifier.actor is not None:
        # "Libyan National Army seized": the word before is the end of a named actor
        spans = [
            a for a in actors if a.actor is not None and a.start < trigger.start() <= a.end + 1
        ]
        if not spans:
            return modifier
        # "The KIA and Myanmar Army clashed": the head of the sides named together
        return _head_of(body, _candidates(body, actors, spans[-1].start), spans[-1])
    subject = _subject(body, trigger, actors, previous)
    if subject.actor is None and _STATE_OPERATION.match(trigger.group()):
        # "killed in an intelligence-based operation": an operation of the state's forces
        return Actor("government", trigger.group(), trigger.start(), trigger.end(),
                     kind="government")  # fmt: skip
    return subject


_THEIR_ATTACK = re.compile(
    r"(?i)\s+(?:their|its|his)\s+(?:[\w-]+\s+)?(?:attacks?|assaults?|offensive|incursions?"
    r"|advances?|raids?)\b"
)
_STATE_OPERATION = re.compile(
    r"(?i)(?:security|military|counter-?terror(?:ism)?|counter-?insurgency|search|clearance"
    r"|combing|intelligence-based)\s+operations?$"
)


def _holder(trigger: re.Match[str], actors: Sequence[Actor]) -> Actor | None:
    """The actor the trigger's own words name: "QSD-held", "rebel stronghold", "Taliban
    snipers", "a pro-Houthi mine"."""
    if trigger["held"] or trigger["hands"]:
        words = trigger["held"] or trigger["hands"]
        named = next((a for a in actors if a.start <= trigger.start() < a.end), None)
        if named is not None and named.actor is not None:
            return named
        modifier = modifier_actor(words.split()[-1] + " ")
        return dataclasses.replace(modifier, text=words) if modifier.actor else NO_ACTOR
    if trigger["bastion"]:
        return Actor("rebels", trigger["bastion"], kind="rebels")
    # "QSD snipers", or an actor within the trigger's words: "by an alleged pro-Houthi mine"
    return next(
        (a for a in actors if a.start < trigger.end() and trigger.start() < a.end and a.actor),
        None,
    )


def _named_after(
    body: str, trigger: re.Match[str], scope_end: int, actors: Sequence[Actor]
) -> Actor | None:
    """The actor named after the trigger as its doer: "clashes between X and Y", "an attack by
    X", "the withdrawal of X". Whom a repelled attack came from is its target, not its doer."""
    after = [a for a in actors if trigger.end() <= a.start < scope_end and a.actor is not None]
    sides = [a for a in after if not _SUPPORTING.search(body[: a.start])]
    if sides and _BETWEEN.fullmatch(body[trigger.end() : sides[0].start]):
        return sides[0]
    if not after or REPEL.match(trigger.group()):
        return None
    ends_with_by = re.search(r"(?i)\b(?:by|of)$", trigger.group()) is not None
    by = re.compile(
        r"(?i)\s+(?:(?:largely|mostly|partly|now|presumed|alleged|suspected)\s+)?"
        + ("" if ends_with_by else r"(?:[\w'’-]+\s+){0,6}?by\s+")
        + r"(?:the\s+)?(?:\w+\s+)?"
    )
    gap = body[trigger.end() : after[0].start]
    return after[0] if by.fullmatch(gap) or _OF.fullmatch(gap) else None


def _subject(
    body: str,
    trigger: re.Match[str],
    actors: Sequence[Actor],
    previous: Sequence[tuple[Actor, Actor]],
) -> Actor:
    """The subject before the trigger: the last actor named before it, near enough and not a
    backer, a source, a speaker or a victim; the head of a list of sides."""
    before = _candidates(body, actors, trigger.start())
    if not before:
        return NO_ACTOR
    last = before[-1]
    gap = body[last.end : trigger.start()]
    noun = NOUN_TRIGGER.match(trigger.group()) is not None
    near = len(gap) < 60 and "," not in gap if noun else len(gap) < 120
    speech = _SPEECH.search(gap)
    if not near or (speech and not _SELF.match(gap, speech.end())):
        return NO_ACTOR
    participle = trigger.group().split()[0].lower().endswith("ing")
    for earlier, hit in reversed(previous if participle else ()):
        if hit.start == last.start and earlier.actor is not None:
            return earlier  # "clashed with QSD forces, capturing the highway": not QSD's capture
    return _head_of(body, before[:-1], last)


def _candidates(body: str, actors: Sequence[Actor], end: int) -> list[Actor]:
    """The actors named before ``end`` that may be a subject: not a backer, a source or a
    victim."""
    return [
        a
        for a in actors
        if a.end <= end
        and a.actor is not None
        and not _SUPPORTING.search(body[: a.start])
        and not _SOURCE.search(body[: a.start])
        and not _VICTIM.match(body, a.end)
    ]


def _head_of(body: str, before: Sequence[Actor], last: Actor) -> Actor:
    """The first of the sides named together up to ``last``: "Turkish forces, the SNA and
    allied factions captured" is Turkish forces."""
    head = last
    for other in reversed([a for a in before if a.end <= last.start]):
        if not _HEAD.fullmatch(body[other.end : head.start]):
            break
        head = other
    return head


def aimed_at(
    body: str, trigger: re.Match[str], scope_end: int, actors: Sequence[Actor], actor: Actor
) -> Actor:
    """Whom the event is aimed at: the other side of "clashes between X and Y" or of "X and Y
    clashed", what was taken "from" whom, whom a repelled attack came from, the actor, the
    state's post or the civilians named after the trigger, or the victims named before it
    ("two soldiers were killed in an ambush")."""
    after = [
        a
        for a in actors
        if trigger.end() <= a.start < scope_end and a.actor is not None and a.start != actor.start
    ]
    hit = _hit(body, trigger, scope_end, after, actor)
    # "X and Y clashed with Z": Z, the side named with "with", not Y (Y fights beside X).
    with_side = (
        hit if _WITH.fullmatch(body, trigger.end(), max(hit.start, trigger.end())) else NO_ACTOR
    )
    if REPEL.match(trigger.group()) and 0 <= actor.end <= trigger.start():
        # the attackers act (see ``acting``): whoever repelled them is the target
        repellers = [a for a in actors if actor.end <= a.start and a.end <= trigger.start()]
        if repellers and repellers[-1].actor is not None:
            return repellers[-1]
    for found in (
        _other_side(body, trigger, after, actor),
        _taken_from(body, trigger, after),
        with_side,
        _paired(body, trigger, actors, actor),
        hit,
    ):
        if found.actor is not None:
            return found
    for other in reversed([a for a in actors if a.end <= trigger.start() and a.actor]):
        if _VICTIM.match(body, other.end):
            return other  # "two soldiers were killed following an ambush"
    return NO_ACTOR


_WITH = re.compile(r"(?i)\s+with\s+(?:the\s+)?")


def _other_side(body: str, trigger: re.Match[str], after: Sequence[Actor], actor: Actor) -> Actor:
    """The last side of "clashes between X, Y (which operates under Z) and W": W."""
    if not (actor.start >= trigger.end() and _BETWEEN.fullmatch(body[trigger.end() : actor.start])):
        return NO_ACTOR
    chain, end = NO_ACTOR, actor.end
    for other in after:
        if other.start < end:
            continue
        aside = _SUPPORTING.search(body[: other.start]) is not None
        if not (aside or _CHAIN.fullmatch(body[end : other.start])):
            break
        chain, end = (chain if aside else other), other.end
    return chain


def _taken_from(body: str, trigger: re.Match[str], after: Sequence[Actor]) -> Actor:
    """ "captured the village from QSD forces", "repelled an attack by M23": QSD, M23."""
    for other in after:
        if _FROM.fullmatch(body[trigger.end() : other.start]) or (
            REPEL.match(trigger.group()) and _BY.search(body, trigger.end(), other.start)
        ):
            return other
    return NO_ACTOR


def _paired(body: str, trigger: re.Match[str], actors: Sequence[Actor], actor: Actor) -> Actor:
    """ "Police and gunmen exchanged fire": the gunmen, the last of the sides named together."""
    if not (
        actor.actor is not None and actor.end <= trigger.start() and MUTUAL.match(trigger.group())
    ):
        return NO_ACTOR
    pair = actor
    for other in actors:
        if other.start >= pair.end and other.end <= trigger.start():
            if not _HEAD.fullmatch(body, pair.end, other.start):
                break
            pair = other
    return pair if pair is not actor else NO_ACTOR


def _hit(
    body: str, trigger: re.Match[str], scope_end: int, after: Sequence[Actor], actor: Actor
) -> Actor:
    """What the trigger's object names first: an actor ("clashed with QSD fighters"), a post of
    the state ("an army position") or civilians and their homes ("shelled houses")."""
    start = trigger.end()
    civilians = civilian_target(body[start : min(scope_end, start + 60)])
    if civilians is not None and _RELATIVE.search(body, start, start + civilians.start()):
        civilians = None  # "the offensive, which has sent thousands of displaced...": not its aim
    first_civilian = start + civilians.start() if civilians is not None else len(body)
    objects = [
        a
        for a in after
        if a.start > actor.start
        and a.start - start <= 60
        and not _BY_WORD.search(body, start, a.start)
        and not _SUPPORTING.search(body[: a.start])
    ]
    if objects and objects[0].start < first_civilian:
        return objects[0]
    things = _THINGS_OF_STATE.search(body, start, scope_end)
    if things is not None and things.start() < first_civilian:
        return Actor("government", things.group(), things.start(), things.end(), kind="government")
    if civilians is not None and not _BY_WORD.search(body, start, first_civilian):
        return Actor("civilians", civilians.group(), first_civilian)
    return NO_ACTOR
