"""Near spellings of a place name, as transliterations of Arabic, Persian, Pashto or Slavic names
vary: Quamishli and Qamishli, Ras Al Ain and Ra's al-'Ayn, Deir Ezzor and Dayr az-Zawr, Qasayr
and al-Qusayr, Puli Alam and Pul-e Alam, Ein Issa and 'Ayn 'Isa.

Two names are near when they have as many words, once articles (al-, el-, ad-...) and
one-letter particles (the Persian -e-, -i-) are left out, and every word has the same consonant
skeleton: digraphs folded (kh, gh, sh, th, dh, ph, ch), q as k, c as k, h dropped after the first
letter, a w closing a syllable read as a vowel (Zawr, Zor), doubled letters squeezed, vowels and
y dropped. A word of one or two consonants must also match with its vowels folded (a final vowel
aside), so Dwerah does not meet Darayya. Near matches are only looked for
among the places of the countries a document is about (:mod:`geo.geoparse.unknown`).
"""

from __future__ import annotations

import re
from functools import lru_cache

from anyascii import anyascii
from rapidfuzz.fuzz import ratio

__all__ = ["likeness", "near", "skeleton", "spelling_key"]

_ARTICLES = frozenset(
    {"al", "el", "il", "ul", "ad", "ud", "an", "ar", "as", "ash", "at", "az", "ed", "en", "er"}
)
_DIGRAPHS = (("kh", "k"), ("gh", "g"), ("sh", "s"), ("ch", "s"), ("th", "t"), ("dh", "d"),
             ("ph", "f"), ("ck", "k"), ("q", "k"), ("c", "k"), ("x", "ks"))  # fmt: skip
_VOWELS = re.compile(r"[aeiouy]+")
_DOUBLED = re.compile(r"(.)\1+")
_FUSED_ARTICLE = re.compile(r"^[ae]([tdrzsnl])(?=\1)")
_DIPHTHONG = re.compile(r"([aeiou])w(?![aeiouy])")


@lru_cache(maxsize=65536)
def spelling_key(name: str) -> tuple[tuple[str, str], ...]:
    """Per word of ``name``: its consonant skeleton and its vowel-folded form."""
    return _spelling_key(name)


def skeleton(name: str, *, cached: bool = True) -> str:
    """The consonant skeletons of a name's words, as one string ("dr zr" for Dayr az Zawr);
    names that may be spellings of one another share it. ``cached=False`` for one-off keys."""
    key = spelling_key(name) if cached else _spelling_key(name)
    return " ".join(word for word, _ in key)


def _spelling_key(name: str) -> tuple[tuple[str, str], ...]:
    plain = anyascii(name).lower()
    plain = re.sub(r"['’‘`´ʿʾ]", "", plain)
    words = [w for w in re.split(r"[^a-z0-9]+", plain) if w]
    out: list[tuple[str, str]] = []
    for word in words:
        if word in _ARTICLES or len(word) == 1:
            continue
        word = _FUSED_ARTICLE.sub(r"\1", word)  # Ezzor: ez-Zor, Arraqqa: ar-Raqqa
        word = _DOUBLED.sub(r"\1", word)
        for digraph, single in _DIGRAPHS:
            word = word.replace(digraph, single)
        word = word[:1] + word[1:].replace("h", "")
        word = _DIPHTHONG.sub(r"\1o", word)  # Zawr and Zor, Hawsh and Hosh
        word = _DOUBLED.sub(r"\1", word)
        out.append((_VOWELS.sub("", word), _VOWELS.sub("a", word).removesuffix("a")))
    return tuple(out)


def near(a: str, b: str) -> bool:
    """Whether two names are spellings of one another (see the module's docstring)."""
    key_a, key_b = spelling_key(a), spelling_key(b)
    if not key_a or len(key_a) != len(key_b) or key_a == ((a.lower(), a.lower()),):
        return False
    consonants = sum(len(skeleton) for skeleton, _ in key_a)
    if consonants < 3:
        return key_a == key_b
    for (skel_a, fold_a), (skel_b, fold_b) in zip(key_a, key_b, strict=True):
        if skel_a != skel_b:
            return False
        if len(skel_a) <= 2 and fold_a != fold_b:
            return False
    return True


def likeness(a: str, b: str) -> float:
    """How many letters two names share, 0-100 (rapidfuzz's ratio), articles and marks aside."""
    return float(ratio(_letters(a), _letters(b)))


@lru_cache(maxsize=65536)
def _letters(name: str) -> str:
    plain = re.sub(r"['’‘`´ʿʾ]", "", anyascii(name).lower())
    words = [w for w in re.split(r"[^a-z0-9]+", plain) if w and w not in _ARTICLES]
    return " ".join(words)
