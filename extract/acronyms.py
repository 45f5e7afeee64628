"""Acronyms a text defines for itself: "the Nigerian Air Force (NAF)" makes every NAF of that
text the Nigerian Air Force, whatever armed group elsewhere goes by those letters (NAF is also
the United Armed Forces of Novorossiya)."""

from __future__ import annotations

import re

__all__ = ["defined_here"]

_SMALL = ("of", "the", "and", "for", "de", "du", "des", "la", "al")  # words that give no letter
_DEFINED = re.compile(
    rf"(?P<words>(?:[A-Z][\w'’-]*\s+(?:(?:{'|'.join(_SMALL)})\s+)*){{1,6}}?[A-Z][\w'’-]*)"
    r"\s*\(\s*(?P<letters>[A-Z][A-Za-z]{1,6})\s*\)"
)


def defined_here(text: str) -> dict[str, str]:
    """The acronyms ``text`` spells out before their first use, as {letters: words}: each
    capitalised word of the phrase (small words aside) gives one letter, in order, or the
    letters start the phrase's words ("Forces Armées Maliennes (FAMa)")."""
    out: dict[str, str] = {}
    for match in _DEFINED.finditer(text):
        letters = match["letters"]
        words = [w for w in match["words"].split() if w.lower() not in _SMALL]
        for first in range(len(words)):
            initials = "".join(w[0] for w in words[first:])
            if initials.upper() == letters.upper():
                out.setdefault(letters, " ".join(words[first:]))
                break
    return out
