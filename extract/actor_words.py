"""Actors named by one word before what they did ("Russian airstrikes", "the regime
offensive", "communal clashes"), and a phrase normalised the way events name their actors."""

from __future__ import annotations

import re

from extract.actor_table import state_named
from extract.actors import COMMUNAL, NO_ACTOR, Actor, ActorMatcher, actors_in, identity

__all__ = ["modifier_actor", "normalise_actor"]


_MODIFIER_ACTORS = {
    "government": "government", "regime": "government", "army": "government",
    "military": "government", "rebel": "rebels", "opposition": "rebels", "insurgent": "rebels",
    "militant": "rebels", "jihadist": "rebels",
}  # fmt: skip


def normalise_actor(phrase: str, matcher: ActorMatcher | None = None) -> str | None:
    """The normalised actor a phrase names: "Assad's troops" is government, "Ankara" turkey."""
    found = actors_in(phrase, matcher)
    if found:
        return found[0].actor
    return _MODIFIER_ACTORS.get(phrase.strip().lower()) or modifier_actor(phrase + " ").actor


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
    if bare == "communal":  # "communal clashes": between a place's own people
        return identity(COMMUNAL, word, -1, -1)
    if bare in _MODIFIER_ACTORS:
        return Actor(_MODIFIER_ACTORS[bare], word, kind=_MODIFIER_ACTORS[bare])
    if bare == "assad":
        return Actor("government", word, kind="government")
    state = state_named(word.removesuffix("-led")) if word[:1].isupper() else None
    if state is not None:
        return Actor(state.name.lower(), word, state=state.name, kind="state")
    return NO_ACTOR
