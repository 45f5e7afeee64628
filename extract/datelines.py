"""Datelines: the "KHARTOUM, Sudan (Reuters) -" that opens a wire story.

A dateline names where the reporter filed from, not where things happened: a figure or an event
in the first sentence belongs to the places that sentence goes on to name, and the article's focus
is not the capital its correspondents sit in.
"""

from __future__ import annotations

import re

__all__ = ["find_dateline"]

_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
# The city in capitals ("GOMA", "AL-HOL", "ST. PETERSBURG"), or in title case when an agency in
# brackets follows ("Beirut (AP) -"). Then an optional region or country, an optional date, an
# optional agency, and the dash or colon that ends the dateline (or the agency's bracket alone:
# "WASHINGTON (CNN)The").
_DATELINE = re.compile(
    rf"""
    (?P<place>[A-Z][A-Z'’.\-]+(?:\ [A-Z][A-Z'’.\-]+){{0,3}}
      |(?=[A-Z][\w'’.\-]*(?:\ [A-Z][\w'’.\-]*){{0,3}}(?:,\ [^,\n()]{{2,30}})?\ \()
       [A-Z][\w'’.\-]*(?:\ [A-Z][\w'’.\-]*){{0,3}})
    (?:,\ (?!{_MONTH}\ \d)[A-Z][\w'’.\-]*(?:\ [A-Z][\w'’.\-]*){{0,3}})?
    (?:,?\ {_MONTH}\ \d{{1,2}}(?:,\ \d{{4}})?)?
    (?:\ ?\([A-Za-z][\w .&/-]{{0,40}}\))?
    (?:\ *(?:--|[-—–:])\ *|(?<=\))\ *(?=[A-Z]))
    """,
    re.VERBOSE,
)
_LOOK_WITHIN = 400  # characters from the start of the text: a title and a byline may come first


def find_dateline(text: str) -> tuple[int, int] | None:
    """The ``[start, end)`` span of the dateline opening a paragraph near the top, if any.

    Only the first paragraphs are looked at, and only a line that starts with one: "BEIRUT --",
    "KYIV, Ukraine (AP) —", "GOMA, Congo, March 3 (Reuters) -", "Kabul (AFP) -".
    """
    for line in re.finditer(r"(?m)^[ \t]*(?=\S)", text[:_LOOK_WITHIN]):
        match = _DATELINE.match(text, line.end())
        if match is None:
            continue
        place = match["place"]
        if place.isupper() and len(place.replace(".", "")) < 3:
            continue  # "A -" or "US:" opening a line is no dateline
        return match.start(), match.end()
    return None
