"""Amounts as news writes them: "358,000" (or "358 000", as UN and European reports group
digits), "1.5 million", "four million", "half a million",
"a dozen", and vague ones ("dozens", "hundreds of thousands") read as a range; and the qualifier
words before a number ("more than", "up to", "some").

No count of people is larger than :data:`MAX_COUNT` (ten billion, more people than are alive):
a bigger amount is not read at all, and neither is a number that is part of a power or of
scientific notation ("10^30", "10**6", "1e9"), so "10^30 people" never becomes 30 people."""

from __future__ import annotations

import re

__all__ = [
    "AMOUNT",
    "MAX_COUNT",
    "QUALIFIER",
    "amount_value",
    "parse_amount",
    "plausible_count",
    "qualifier_name",
]

MAX_COUNT = 10_000_000_000
"""The largest count of people read, stored or exported: more people than are alive."""
_MAX_DIGITS = len(str(MAX_COUNT))  # a longer run of digits is never a count

_VAGUE = {
    "hundreds of thousands": (100_000, 999_999),
    "tens of thousands": (10_000, 99_999),
    "millions": (1_000_000, 9_999_999),
    "thousands": (1_000, 9_999),
    "hundreds": (100, 999),
    "scores": (40, 199),
    "dozens": (24, 99),
    "several thousand": (3_000, 9_999),
    "a few thousand": (2_000, 9_999),
    "several hundred": (300, 999),
    "a few hundred": (200, 999),
    "several dozen": (36, 99),
    "a few dozen": (24, 60),
}
_UNITS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
    "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
}  # fmt: skip
_SCALES = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000}
_ABBR_SCALES = {"k": 1_000, "m": 1_000_000, "mn": 1_000_000, "bn": 1_000_000_000}

_WORDNUM = "|".join(sorted([*_UNITS, *_SCALES, "dozen"], key=len, reverse=True))
AMOUNT = re.compile(
    rf"""(?ix)
    (?P<vague>(?:several|a\s+few)\s+(?:dozen|hundred|thousand)
      |(?:hundreds|tens)\s+of\s+thousands|millions|thousands|hundreds|dozens|scores)\b
    |(?<![\w$€£¥.,/+#^*×-])(?P<num>\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?
      |\d{{1,3}}(?:[\ \u00a0\u202f]\d{{3}})+(?![\d]|[.,]\d)  # "3 385", as UN reports group
      |\d+(?:\.\d+)?)
      (?:\s+(?P<scale>million|billion|thousand|hundred)\b|(?P<abbr>mn|bn|m|k)\b
        |(?![\w^*×]|\.\d))  # not "10^30", "10**6", "1e9", "2x": a power, a product
    |(?P<words>\b(?:{_WORDNUM})(?:(?:\s+|-)(?:and\s+)?(?:{_WORDNUM}))*\s+and\s+a\s+half
        \s+(?:million|billion|thousand|hundred|dozen)\b
      |\b(?:a|one|three)\s+quarters?\s+of\s+a\s+(?:million|billion)\b
      |\bhalf\s+a\s+(?:million|billion|dozen)\b|\ba\s+(?:dozen|hundred|thousand|million)\b
      |\b(?:{_WORDNUM})(?:(?:\s+|-)(?:and\s+)?(?:{_WORDNUM}))*\b)
    """
)
_QUALIFIER_WORDS = (
    ("more_than", r"(?:well\s+|just\s+)?(?:more|greater)\s+than|(?:well\s+|just\s+)?over|above"
     r"|upwards\s+of|in\s+excess\s+of|exceeding"),
    ("at_least", r"at\s+least|no\s+(?:fewer|less)\s+than|not\s+less\s+than|a\s+minimum\s+of"),
    ("up_to", r"up\s+to|as\s+many\s+as|at\s+most|no\s+more\s+than|not\s+more\s+than"
     r"|(?:fewer|less)\s+than|a\s+maximum\s+of"),
    ("about", r"about|around|some|roughly|approximately|approx\.|an?\s+estimated|estimated"
     r"|nearly|almost|close\s+to|just\s+(?:under|shy\s+of)|circa|an\s+approximate"),
)  # fmt: skip
QUALIFIER = re.compile(
    r"(?i)\b(?:" + "|".join(f"(?P<{name}>{words})" for name, words in _QUALIFIER_WORDS) + r")\s+$"
)


def parse_amount(phrase: str) -> tuple[int | None, int | None, int | None]:
    """Read an amount phrase ("358,000", "1.5 million", "four million", "dozens").

    Returns
    -------
    tuple
        ``(value, low, high)``: a value for definite amounts, a range for vague ones, all None
        when the phrase is not an amount.
    """
    match = AMOUNT.fullmatch(phrase.strip())
    if match is None:
        return None, None, None
    return amount_value(match)


def amount_value(match: re.Match[str]) -> tuple[int | None, int | None, int | None]:
    if match["vague"]:
        low, high = _VAGUE[re.sub(r"\s+", " ", match["vague"].lower())]
        return None, low, high
    if match["num"]:
        digits = re.sub(r"[,\s\u00a0\u202f]", "", match["num"])
        if len(digits.split(".", 1)[0]) > _MAX_DIGITS:
            return None, None, None  # 60 digits: no count of people, and no float to round
        number = float(digits)
        if match["scale"]:
            number *= _SCALES[match["scale"].lower()]
        elif match["abbr"]:
            number *= _ABBR_SCALES[match["abbr"].lower()]
        value: int | None = round(number)
    else:
        value = _words_value(match["words"])
    return (value, None, None) if plausible_count(value) else (None, None, None)


def plausible_count(value: object) -> bool:
    """Whether ``value`` can be a count of people: a finite number from 0 to :data:`MAX_COUNT`
    (booleans and text are not)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return False
    return 0 <= value <= MAX_COUNT  # NaN and infinities fail both comparisons or the second


def _words_value(words: str) -> int | None:
    """Value of number words: "four million", "twenty-five", "half a million", "a dozen"."""
    tokens = re.findall(r"[a-z]+", words.lower())
    if tokens[0] == "half":  # "half a million", "half a dozen"
        return _SCALES.get(tokens[-1], 12) // 2
    if "quarter" in tokens or "quarters" in tokens:  # "three quarters of a million"
        quarters = 3 if tokens[0] == "three" else 1
        return quarters * _SCALES[tokens[-1]] // 4
    if tokens[-3:-1] == ["a", "half"]:  # "two and a half million": the half is of the scale
        whole = _words_value(" ".join(tokens[:-4]))
        scale = 12 if tokens[-1] == "dozen" else _SCALES[tokens[-1]]
        return round(((whole or 0) + 0.5) * scale) or None
    total = current = 0
    for token in tokens:
        if token in {"and", "a"}:
            current = current or (1 if token == "a" else 0)
        elif token in _UNITS:
            current += _UNITS[token]
        elif token == "dozen":
            current = (current or 1) * 12
        elif token == "hundred":
            current = (current or 1) * 100
        elif token in _SCALES:
            total += (current or 1) * _SCALES[token]
            current = 0
    value = total + current
    return value or None


def qualifier_name(match: re.Match[str]) -> str:
    """The qualifier (more_than, at_least, up_to, about) a :data:`QUALIFIER` match stands for."""
    return next(name for name, _ in _QUALIFIER_WORDS if match[name])
