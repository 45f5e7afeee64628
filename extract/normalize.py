"""Name keys: one normal form for place names in gazetteers and in running text.

The same function runs on both sides, so spelling variants of one place meet on one key:
"Maarat al-Numan", "Ma'arrat al-Nu'man" and "Ma‘arrat an Nu‘mān" all become ``marat al numan``.
Steps: transliterate to ASCII, lowercase, drop apostrophe-like marks (ayn, hamza, quotes) and
abbreviation dots, turn other punctuation into spaces, drop possessive "'s", squeeze doubled
letters, write every Arabic article (al-, el-, an-, ash-, ad- ...) as ``al`` and a final
"-ah" as "-a" (Hamah, Hama).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from anyascii import anyascii

# Marks that sit inside a word and vanish: quotes, ayn, hamza, okina, grave, acute.
_APOSTROPHES = frozenset("'’‘`´ʿʾʻʼˈ′")
_ARTICLES = frozenset({"al", "el", "il", "ul"})
# Article forms assimilated to a "sun letter": an-Nu'man, ash-Sham, ad-Dana, ar-Raqqa.
_SUN_ARTICLE = re.compile(r"^[aeu](n|r|s|sh|t|th|d|dh|z)$")


@dataclass(frozen=True)
class KeyedText:
    """A name key with, for each key character, the span of the source characters it covers."""

    key: str
    offsets: tuple[int, ...]  # where the source of key[i] starts
    ends: tuple[int, ...]  # where it ends (a squeezed "ii" covers both letters)

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Map the key slice ``[start, end)`` back to a slice of the original text."""
        return self.offsets[start], self.ends[end - 1]


@lru_cache(maxsize=4096)
def _ascii_lower(char: str) -> str:
    return (char if char.isascii() else anyascii(char)).lower()


def _raw_chars(text: str) -> tuple[list[str], list[int]]:
    """Transliterate char by char, keeping where each output char came from."""
    out: list[str] = []
    src: list[int] = []
    n = len(text)
    i = 0
    while i < n:
        char = text[i]
        if char in _APOSTROPHES:
            follow = text[i + 2] if i + 2 < n else ""
            # "Ra’s al ‘Ayn" (a hamza in a two-letter word) is no possessive; "UK’s" is.
            hamza = text[max(0, i - 3) : i].istitle() and not text[max(0, i - 3) : i - 2].isalpha()
            if not hamza and i + 1 < n and text[i + 1] in "sS" and not follow.isalnum():
                out.append(" ")  # possessive: Syria's -> syria
                src.append(i)
                i += 2
                continue
            i += 1
            continue
        if char == ".":
            prev_alpha = i > 0 and text[i - 1].isalpha()
            next_alpha = i + 1 < n and text[i + 1].isalpha()
            if not (prev_alpha and next_alpha):
                out.append(" ")
                src.append(i)
            i += 1
            continue
        for piece in _ascii_lower(char):
            if piece.isascii() and piece.isalnum():
                out.append(piece)
            elif piece in "'`":
                continue
            else:
                piece = " "
                out.append(piece)
            src.append(i)
        i += 1
    return out, src


_Chars = tuple[list[str], list[int], list[int]]


def _squeeze(chars: list[str], src: list[int]) -> _Chars:
    """Collapse whitespace runs and doubled letters (aa -> a, rr -> r); trim the ends."""
    out: list[str] = []
    out_src: list[int] = []
    out_end: list[int] = []
    for char, pos in zip(chars, src, strict=True):
        if out:
            if char == out[-1] and (char == " " or char.isalpha()):
                out_end[-1] = pos + 1
                continue
        elif char == " ":
            continue
        out.append(char)
        out_src.append(pos)
        out_end.append(pos + 1)
    if out and out[-1] == " ":
        out.pop()
        out_src.pop()
        out_end.pop()
    return out, out_src, out_end


def _is_article(word: str, following: str) -> bool:
    if word in _ARTICLES:
        return True
    match = _SUN_ARTICLE.match(word)
    return bool(match) and following.startswith(match.group(1)) if match else False


def _words(chars: list[str], src: list[int], ends: list[int]) -> _Chars:
    """Word-level spellings: Arabic articles become ``al``; a final "-ah" becomes "-a"."""
    text = "".join(chars)
    tokens = [(m.start(), m.end()) for m in re.finditer(r"[^ ]+", text)]
    out: list[str] = []
    out_src: list[int] = []
    out_end: list[int] = []
    cursor = 0
    for k, (start, end) in enumerate(tokens):
        word = text[start:end]
        following = text[tokens[k + 1][0] : tokens[k + 1][1]] if k + 1 < len(tokens) else ""
        if word != "al" and _is_article(word, following):
            replacement, rep_src = "al", src[start : start + 2]
            rep_end = [ends[start], ends[end - 1]]
        elif len(word) >= 5 and word.endswith("ah"):  # Hamah -> hama, Raqqah -> raqa
            replacement, rep_src = word[:-1], src[start : end - 1]
            rep_end = [*ends[start : end - 2], ends[end - 1]]
        else:
            continue
        out.extend(chars[cursor:start])
        out_src.extend(src[cursor:start])
        out_end.extend(ends[cursor:start])
        out.extend(replacement)
        out_src.extend(rep_src)
        out_end.extend(rep_end)
        cursor = end
    out.extend(chars[cursor:])
    out_src.extend(src[cursor:])
    out_end.extend(ends[cursor:])
    return out, out_src, out_end


def keyed_text(text: str) -> KeyedText:
    """Normalise ``text`` like :func:`name_key`, keeping an offset map into the original.

    Parameters
    ----------
    text
        Any text: a place name or a whole document.

    Returns
    -------
    KeyedText
        ``key`` made of ``[a-z0-9 ]``; ``key[i]`` comes from ``text[offsets[i]:ends[i]]``.
    """
    chars, src = _raw_chars(text)
    chars, src, ends = _words(*_squeeze(chars, src))
    return KeyedText("".join(chars), tuple(src), tuple(ends))


@lru_cache(maxsize=65536)
def name_key(text: str) -> str:
    """Normalise a place name (or any text) to its matching key.

    Examples
    --------
    >>> name_key("Ma‘arrat an Nu‘mān")
    'marat al numan'
    >>> name_key("Syria's")
    'syria'
    """
    return keyed_text(text).key
