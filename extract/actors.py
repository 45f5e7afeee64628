"""Who acts in a sentence: armed groups, governments' forces, foreign states and rebels, named
by their own names, by their country ("Russian warplanes") or by their side ("regime forces"),
each normalised to one actor (government, rebels, a state's name)."""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["ACTOR", "NO_ACTOR", "Actor", "actor_of", "modifier_actor", "normalise_actor"]

_GROUPS = (
    r"Hayat\s+Tahrir\s+al-Sham|HTS|Free\s+Syrian\s+Army|FSA|Syrian\s+National\s+Army"
    r"|Jabhat\s+al-Nusra|Nusra\s+Front|al-Qaida|al-Qaeda|Islamic\s+State|ISIS|ISIL|Daesh"
    r"|Houthis?|Ansar\s+Allah|Rapid\s+Support\s+Forces|RSF|al-Shabab|al-Shabaab|Boko\s+Haram"
    r"|Taliban|Arakan\s+Army|Kachin\s+Independence\s+Army|People's\s+Defen[cs]e\s+Forces?|PDF"
    r"|M23|Wagner(?:\s+Group)?|Hezbollah|Hamas|Syrian\s+Democratic\s+Forces|SDF|YPG|PKK"
)
_GOVERNMENT_NAMES = r"Syrian\s+Arab\s+Army|Tatmadaw|Sudanese\s+Armed\s+Forces|SAF|junta"
_FORCE = (
    r"(?:army|armed\s+forces|forces|troops|soldiers|military|government|regime|warplanes|jets"
    r"|aircraft|air\s+force|navy|drones|artillery|units|allies|militias?|fighters)"
)
_STATES = {
    "russia": "Russia", "russian": "Russia", "moscow": "Russia", "kremlin": "Russia",
    "turkey": "Turkey", "turkish": "Turkey", "ankara": "Turkey", "türkiye": "Turkey",
    "israel": "Israel", "israeli": "Israel", "iran": "Iran", "iranian": "Iran",
    "u.s.": "United States", "us": "United States", "american": "United States",
    "saudi": "Saudi Arabia", "saudi-led": "Saudi Arabia", "emirati": "United Arab Emirates",
}  # fmt: skip
_STATE_WORDS = (
    r"Russia(?:n|'s|’s)?|Moscow|Kremlin|Turk(?:ey|ish)(?:'s|’s)?|Ankara|Türkiye"
    r"|Israel(?:i|'s|’s)?|Iran(?:ian|'s|’s)?|U\.S\.|American|Saudi(?:-led)?|Emirati"
)
ACTOR = re.compile(
    rf"""(?x)(?<![\w-])(?:
    (?P<loyal>(?i:forces|troops|fighters|militias?|units|soldiers)\s+loyal\s+to\s+
        (?:(?:the|an?|[a-z][\w-]*)\s+){{0,3}}
        (?P<leader>(?:[A-Z][\w'’-]*\s+){{0,3}}[A-Z][\w'’-]*|(?i:government|regime)))(?![\w-])
    |(?P<group>{_GROUPS})(?![\w-])
    |(?P<govname>{_GOVERNMENT_NAMES})(?![\w-])
    |(?P<named>(?![A-Z][a-z]+(?:ian|ese|ish|i|an)\s)(?:[A-Z][\w'’-]+\s+){{1,4}}
        (?:Union|Army|Front|Movement|Alliance|Brigades?|Forces|Council))(?![\w-])
    |(?P<state>(?:{_STATE_WORDS})(?:\s+(?:and\s+)?(?:[A-Z][a-z]+\s+)?{_FORCE})?)(?![\w-])
    |(?P<rebels>(?i:(?:rebels?|insurgents?|opposition(?:\s+(?:fighters|forces|groups))?
        |militants?|jihadists?|armed\s+groups?|anti-government\s+(?:forces|fighters)
        |resistance\s+(?:forces|fighters)|separatists?|militias?|(?:armed\s+)?gangs?|gunmen
        |bandits|paramilitar(?:y|ies)(?:\s+(?:force|forces|group|fighters))?)))(?![\w-])
    |(?P<gov>(?:(?i:pro-)?(?i:government|regime)(?:\s+(?:{_FORCE}))?
        |Assad(?:'s|’s)?(?:\s+(?:{_FORCE}))?|President\s+(?:Bashar\s+(?:al-)?)?Assad
        |(?:the\s+)?(?i:army|military|armed\s+forces|security\s+forces|junta)
        |(?i:federal|national|state)\s+(?:{_FORCE})
        |[A-Z][a-z]+(?:ian|ean|an|ese|i|ish)\s+(?:{_FORCE})))(?![\w-])
    )"""
)
_MODIFIER_ACTORS = {
    "government": "government", "regime": "government", "army": "government",
    "military": "government", "rebel": "rebels", "opposition": "rebels", "insurgent": "rebels",
    "militant": "rebels", "jihadist": "rebels",
}  # fmt: skip


@dataclass(frozen=True)
class Actor:
    """An actor as normalised (``actor``) and as written (``text``, at ``start``-``end``)."""

    actor: str | None
    text: str | None
    start: int = -1
    end: int = -1


NO_ACTOR = Actor(None, None)


def normalise_actor(phrase: str) -> str | None:
    """The normalised actor a phrase names: "Assad's troops" is government, "Ankara" Turkey."""
    match = ACTOR.search(phrase)
    return actor_of(match).actor if match else _MODIFIER_ACTORS.get(phrase.strip().lower())


def actor_of(match: re.Match[str]) -> Actor:
    text = re.sub(r"\s+", " ", match.group()).strip()
    start = match.start()
    if match["named"]:  # "Haftar's Libyan National Army" is the Libyan National Army
        owner = re.match(r"(?:[\w-]+['’]s\s+)+", text)
        if owner and owner.end() < len(text):
            text, start = text[owner.end() :], start + owner.end()
    if match["loyal"]:  # "forces loyal to Khalifa Haftar": the leader names them
        leader = match["leader"]
        text, start = leader, match.start("leader")
        state = re.search(r"(?i)government|regime|president", leader)
        return Actor("government" if state else "rebels", text, start, match.end())
    if match["group"] or match["named"]:
        actor = "rebels"  # a named armed group that is not a state's army
    elif match["govname"] or match["gov"]:
        actor = "government"
    elif match["rebels"]:
        actor = "rebels"
    else:
        first = re.split(r"\s+", match["state"])[0].lower().removesuffix("'s").removesuffix("’s")
        actor = _STATES.get(first, "government")
    return Actor(actor, text, start, match.end())


def modifier_actor(before: str) -> Actor:
    """An actor named right before a trigger: "Russian airstrikes", "the regime offensive"."""
    match = re.search(
        r"([\w'’-]+)\s+(?:(?:military|air|ground|artillery|new|renewed|heavy"
        r"|crushing|brutal|latest)\s+)?$",
        before,
    )
    if match is None:
        return NO_ACTOR
    word = match.group(1)
    bare = word.lower().removesuffix("'s").removesuffix("’s")
    if bare in _MODIFIER_ACTORS:
        return Actor(_MODIFIER_ACTORS[bare], word)
    if bare in _STATES:
        return Actor(_STATES[bare], word)
    if re.fullmatch(r"[A-Z][a-z]+(?:ian|ean|an|ese|i|ish)", word) or bare == "assad":
        return Actor("government", word)
    return NO_ACTOR
