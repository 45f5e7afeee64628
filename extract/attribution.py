"""Who a sentence cites: "according to the UN", "OCHA said", "said Jens Laerke"; "the agency
said" carries the source named before it."""

from __future__ import annotations

import re

__all__ = ["attribution"]


def _words(spaced: str) -> frozenset[str]:
    return frozenset(spaced.split())


_NAME = r"[A-Z][\w'’.&-]*(?:\s+(?:(?:of|for|the|on|and|de|du|al)\s+)*[A-Z][\w'’.&-]*)*"
_SPEECH = (
    r"(?:said|says|say|warned|warns|reported|reports|told|estimated|estimates|announced"
    r"|stated|added|noted|confirmed|documented|recorded|tallied|counted)"
)
_ACCORDING_TO = re.compile(rf"(?i:according\s+to)\s+(?:(?i:the|a)\s+)?(?P<name>{_NAME})")
_NAME_SAID = re.compile(rf"(?P<name>{_NAME})(?:\s+(?:also|has|have|had|later|then))?\s+{_SPEECH}\b")
_SAID_NAME = re.compile(rf"\b{_SPEECH}\s+(?P<name>{_NAME})")
_OBJECT_AFTER = re.compile(r"\s+(?:a|an|the|its|their|his|her)\b")
_ANAPHORA = re.compile(
    rf"(?i)\bthe\s+(?:un\s+|u\.n\.\s+)?(?:group|agency|organi[sz]ation|charity|body|ministry"
    rf"|monitor|office|watchdog)\s+(?:also\s+)?{_SPEECH}\b"
)
_TITLES = _words("""
    president prime minister secretary secretary-general spokesman spokeswoman spokesperson
    director chief commander general gen. col. dr. mr. mrs. ms. king emir sheikh ambassador
    envoy foreign defense defence interior deputy head chairman senator governor mayor
    """)
_NOT_NAMES = _words("the a an but and then so yet also it he she they we i this that")


def attribution(sentence: str, last_source: str | None) -> tuple[str | None, bool]:
    """The source a sentence cites, and whether it is named there (not "the group said")."""
    for pattern in (_ACCORDING_TO, _NAME_SAID, _SAID_NAME):
        for match in pattern.finditer(sentence):
            if pattern is _NAME_SAID and re.search(
                r"(?i)\b(?:in|from|of|at|to|on|by|with)\s+$", sentence[: match.start()]
            ):
                continue
            if match["name"].endswith(("'s", "’s")):
                continue  # "said Assad's goal...": a possessive, not a speaker
            if (
                pattern is _NAME_SAID
                and match.group().endswith(("announced", "added", "noted", "stated"))
                and _OBJECT_AFTER.match(sentence, match.end())
            ):
                continue  # "Turkey announced a military operation": not a report
            name = _clean_name(match["name"])
            if name:
                return name, True
    if last_source and _ANAPHORA.search(sentence):
        return last_source, False
    return None, False


def _clean_name(name: str) -> str | None:
    """Strip leading articles and titles: "Turkish President Recep Tayyip Erdogan" -> the name."""
    tokens = name.split()
    while tokens and tokens[0].lower() in _NOT_NAMES:
        tokens = tokens[1:]
    title_at = [i for i, tok in enumerate(tokens) if tok.lower() in _TITLES]
    if title_at and title_at[-1] < len(tokens) - 1:
        tokens = tokens[title_at[-1] + 1 :]
    while tokens and tokens[-1].lower() in {"of", "for", "the", "on", "and", "de", "du", "al"}:
        tokens = tokens[:-1]
    cleaned = " ".join(tokens).rstrip(".,")
    return cleaned or None
