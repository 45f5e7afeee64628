"""Counts the word patterns of :mod:`extract.figures` do not reach: those the sentence's
grammar ties to what happened (:mod:`extract.grammar`), and counts listed before a figure that
share its predicate ("31 QSD and 22 fighters were killed")."""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from dataclasses import replace

from extract.amounts import AMOUNT, QUALIFIER, amount_value, qualifier_name
from extract.figure_words import (
    BREAKERS,
    BY_HEAD,
    HOMES,
    PEOPLE_NOUNS,
    THINGS,
    combine,
    keywords,
    not_a_count,
    unit,
)
from extract.records import DateSpan, Figure, Link, Sentence

__all__ = [
    "Found",
    "allocated",
    "labelled",
    "listed_total",
    "number_of",
    "restated",
    "shared_before",
    "shared_out",
    "shared_predicate",
    "with_grammar",
]

Found = tuple[str, int | None, int | None, int | None, str, int, int, str]
"""A figure found in a sentence: category, value, low, high, qualifier, start, end, unit."""


def with_grammar(
    text: str,
    sentence: Sentence,
    found: list[Found],
    links: Sequence[Link],
    dates: Sequence[DateSpan],
) -> list[Found]:
    """The word patterns' figures, and the counts only the sentence's grammar ties to what
    happened ("1 regime lieutenant was killed", "killing 6 members", "shot and killed a
    fighter", both counts of "14 soldiers and 17 fighters were killed")."""
    taken = [(f[5], f[6]) for f in found]
    out = list(found)
    for link in links:
        if link.negated or any(a <= link.start < b for a, b in taken):
            continue
        if any(d.char_start < link.end and link.start < d.char_end for d in dates):
            continue
        if link.noun in THINGS:
            continue
        category = BY_HEAD.get(link.noun) or combine(keywords(link.predicate))
        if category is None or category == "population":
            continue
        if link.modal and category in {"displaced", "killed", "injured", "killed_or_injured"}:
            category = "at_risk"
        a, b = link.start - sentence.start, link.end - sentence.start
        amount = None if link.one else AMOUNT.fullmatch(sentence.text, a, b)
        if amount is not None and not_a_count(sentence.text, amount):
            continue
        value, low, high = (link.people, None, None) if amount is None else amount_value(amount)
        if value is None and low is None:
            continue  # no amount after all, or one no count of people can be ("10^30")
        qualifier, q_start = ("vague" if low is not None else "exact"), a
        qual = QUALIFIER.search(sentence.text[:a])
        if qual and value is not None:
            qualifier, q_start = qualifier_name(qual), qual.start()
        if value is not None and qualifier != "about":
            low = value if qualifier in {"exact", "more_than", "at_least"} else None
            high = value if qualifier in {"exact", "up_to"} else None
        end = max(link.noun_end, link.end)
        out.append(
            (category, value, low, high, qualifier, sentence.start + q_start, end,
             unit(link.noun))
        )  # fmt: skip
        taken.append((sentence.start + q_start, end))
    return sorted(out, key=lambda f: f[5])


# the words that join the counts of one list: "14 soldiers and 17 fighters", "21 Turkish along
# with 17 QSD", "1 officer in addition to 3 of his guards"
_LIST_WORD = (
    r"(?:and|&|plus|as\s+well\s+as|along\s+with|together\s+with|alongside|in\s+addition\s+to)"
)
_LIST_GAP = re.compile(rf"\s+((?:[\w'’/()-]+\s+){{0,5}}?){_LIST_WORD}\s+$")


def shared_predicate(text: str, sentence: Sentence, found: list[Found]) -> list[Found]:
    """Counts listed before a figure that share its predicate: "31 QSD and 22 fighters were
    killed" gives 31 killed as well as 22. Only nouns and modifiers may stand between the two
    counts (no verb, no preposition), so "killed 5 and wounded 22" keeps its two predicates."""
    taken = [(f[5], f[6]) for f in found]
    out = list(found)
    for match in AMOUNT.finditer(sentence.text):
        a, b = match.span()
        if any(s <= sentence.start + a < e for s, e in taken):
            continue  # a figure already ("at least 5 soldiers": its span starts at "at least")
        if match["vague"] or not_a_count(sentence.text, match):
            continue
        later = [f for f in found if f[5] >= sentence.start + b]
        if not later:
            continue
        nxt = min(later, key=lambda f: f[5])
        gap = _LIST_GAP.fullmatch(text, sentence.start + b, nxt[5])
        if gap is None:
            continue
        words = gap.group(1).lower().split()
        if any(w in BREAKERS or w in THINGS or w.endswith(("ed", "ing")) for w in words):
            continue  # "killed 5 and wounded 22", "hit 12 districts and 3 people died"
        value = amount_value(match)[0]
        if value is None or nxt[4] == "vague":
            continue
        out.append((nxt[0], value, value, value, "exact", sentence.start + a,
                    gap.start(1) + len(gap.group(1).rstrip()), nxt[7]))  # fmt: skip
        taken.append((sentence.start + a, sentence.start + b))
    return sorted(out + _listed_after(text, sentence, out, taken), key=lambda f: f[5])


_AFTER_A_LIST_WORD = re.compile(rf"\s*(?:,\s*)?{_LIST_WORD}\s+(?:(?:his|her|their|the)\s+)?$")
_WORD_AFTER = re.compile(r"\s+([A-Za-z][\w'’/()-]*)")
_PHRASE_WORDS = 4  # the most words a count's noun phrase is read to


def _listed_after(
    text: str, sentence: Sentence, found: list[Found], taken: list[tuple[int, int]]
) -> list[Found]:
    """Counts listed right after a figure, which share its predicate: "the killing of 6 QSD
    and 9 JWS fighters" gives 9 killed as well as 6; a count of things ("5 soldiers and 2
    vehicles") or one with a predicate of its own (already read) is not."""
    out: list[Found] = []
    for match in AMOUNT.finditer(sentence.text):
        a, b = match.span()
        start = sentence.start + a
        if any(s <= start < e for s, e in taken) or match["vague"]:
            continue
        before = [f for f in found if f[6] <= start]
        if not before or not_a_count(sentence.text, match):
            continue
        prv = max(before, key=lambda f: f[6])
        if prv[4] == "vague" or _AFTER_A_LIST_WORD.fullmatch(text, prv[6], start) is None:
            continue
        end, stop = _phrase(sentence.text, b)
        theirs = _OF_THEIRS.match(sentence.text, end) if stop == "of" else None
        if theirs is not None:  # "a commander and 3 of his guards": others, not a share
            end, stop = _phrase(sentence.text, theirs.end())
        value = amount_value(match)[0]
        if stop in THINGS or stop in _OWN_CLAUSE or stop.endswith("ed") or value is None:
            continue  # "5 soldiers and 2 vehicles", "killed 3 and 2 others were wounded"
        out.append((prv[0], value, value, value, "exact", start, sentence.start + end, prv[7]))
    return out


# words after a count's noun that give it a clause or a whole of its own: "2 others were
# wounded", "3 of them children", "5 who fled"
_OWN_CLAUSE = frozenset(
    {"were", "was", "are", "is", "has", "have", "had", "been", "will", "would", "could", "may",
     "might", "of", "who", "whom", "which", "that"}
)  # fmt: skip


# "3 of his guards" after a list word counts people beside those listed before it; "3 of them"
# would be some of those same people
_OF_THEIRS = re.compile(r"\s+of\s+(?:his|her|their|its)(?=\s)", re.IGNORECASE)


def _phrase(sentence: str, pos: int) -> tuple[int, str]:
    """Where the noun phrase after a count at ``pos`` ends, and the word that ends it ("" at the
    sentence's end): a preposition, a verb, a clause word, or a thing counted ("vehicles")."""
    end = pos
    for _ in range(_PHRASE_WORDS):
        word = _WORD_AFTER.match(sentence, end)
        if word is None:
            return end, ""
        lower = word.group(1).lower()
        if lower in THINGS or lower in BREAKERS or lower.endswith(("ed", "ing")):
            return end, lower
        end = word.end()
    return end, ""


_ALLOCATION = re.compile(
    r"(?i)\b(?:fatalit(?:y|ies)|deaths|casualties|dead)\b[^:;.]{0,60}?\b(?:distributed|allocated"
    r"|split|divided|spread|broken\s+down)\b[^:;]{0,40}?:\s*"
)
_SHARE = re.compile(r"(?<![\w.,])(\d{1,4})(?=\s+(?:to\s+|in\s+|at\s+|for\s+)?(?:the\s+)?[A-Za-z])")


def allocated(sentence: Sentence) -> list[Found]:
    """Deaths a note shares out among places after a colon, as event datasets' notes do ("36
    fatalities are distributed as follows: 5 to fighting in Suluk ... and 6 to Ein Issa",
    "3 fatalities allocated as follows: 2 Harbal area, 1 Sheikh Isa"): one killed figure
    per share."""
    head = _ALLOCATION.search(sentence.text)
    if head is None:
        return []
    out: list[Found] = []
    for share in _SHARE.finditer(sentence.text, head.end()):
        value = int(share.group(1))
        start, end = sentence.start + share.start(), sentence.start + share.end()
        out.append(("killed", value, value, value, "exact", start, end, "people"))
    return out


def shared_out(found: Sequence[Found], shares: Sequence[Found]) -> set[int]:
    """Where the totals start that ``shares`` give out in full: "3 fatalities allocated as
    follows: 2 Harbal area, 1 Sheikh Isa" maps its deaths at the two places, and the 3 (with the
    toll it says again) would count them twice. A total the shares do not add up to ("the
    remaining 36 fatalities: 5 to each of six towns ...") is kept: the reading of its shares may
    be short."""
    if not shares:
        return set()
    given = sum(share[1] or 0 for share in shares)
    first = min(share[5] for share in shares)
    return {
        f[5]
        for f in found
        if f[0] == "killed" and f[5] < first and f not in shares and f[1] == given
    }


def shared_before(
    text: str, figures: list[Figure], shares: Sequence[Found], sentence: Sentence
) -> list[Figure]:
    """``figures`` without the toll just before ``sentence`` that its ``shares`` give out in full
    when the sentence names no total of its own ("Shelling killed 11 people. The deaths were
    distributed as follows: 5 in Suluk, 6 in Ein Issa")."""
    given = sum(share[1] or 0 for share in shares)
    last = figures[-1] if figures else None
    if (
        last is not None
        and last.category == "killed"
        and last.value == given
        and not text[last.sentence.end : sentence.start].strip()
    ):
        return figures[:-1]
    return figures


def _next_to(text: str, earlier: Figure, later: Figure) -> bool:
    """Whether ``earlier`` is in ``later``'s sentence or the one right before it."""
    return (
        earlier.sentence == later.sentence
        or not text[earlier.sentence.end : later.sentence.start].strip()
    )


# a count after a label, as situation reports tabulate them: "Number of displaced: 452",
# "Deaths: 12", "Evacuated households: 1,200"
_LABEL = re.compile(r"(?:^|(?<=[\n;|]))\s*(?P<label>[A-Za-z][A-Za-z’'()/ -]{2,60}?)\s*:\s*(?=[\d])")
_LABEL_END = re.compile(
    r"\s*(?:(?P<unit>people|persons|individuals|families|households)\b)?\s*(?:[.;|]|$)"
)


def labelled(sentence: Sentence) -> list[Found]:
    """Counts written after a label that says what happened ("Number of displaced: 452",
    "Evacuation total people: 3,614", "Deaths: 12"), as situation reports tabulate them; the
    label's words give the category and the unit (households, families), nothing else may
    follow the number."""
    out: list[Found] = []
    for label in _LABEL.finditer(sentence.text):
        amount = AMOUNT.match(sentence.text, label.end())
        if amount is None or amount["vague"]:
            continue
        rest = _LABEL_END.match(sentence.text, amount.end())
        if rest is None:
            continue
        words = label["label"]
        named = words.lower().split()
        homes = any(w in HOMES for w in named)  # evacuated homes are households
        if any(w in THINGS for w in named) and not homes:
            continue  # "Number of evacuation centres: 14" counts no one
        category = combine(keywords(words)) or BY_HEAD.get(named[-1])
        value = amount_value(amount)[0]
        if category in (None, "population") or value is None:
            continue
        counted = rest["unit"] or next(
            (w for w in named if w in {"households", "families"}), "households" if homes else None
        )
        start, end = sentence.start + label.start("label"), sentence.start + amount.end()
        out.append((category, value, value, value, "exact", start, end, unit(counted)))
    return out


# what may stand between two counts of one list: the rest of the first one's noun phrase ("10
# regime and pro-regime militias"), then a list word ("14 soldiers and 17 fighters", "a commander
# and his three guards", "1 officer in addition to 3 of his guards", "21 Turkish along with 17")
_LIST_JOIN = re.compile(
    rf"(?P<rest>(?:\s+[\w'’/()-]+){{0,5}}?)\s*(?:,\s*)?{_LIST_WORD}\s+(?:(?:his|her|their|its|the)\s+)?"
)
_INSIDE_A_LIST = BREAKERS - {"and"}
_SUMMED = frozenset({"killed", "injured", "killed_or_injured", "displaced", "missing"})


def listed_total(text: str, figures: Sequence[Figure]) -> list[Figure]:
    """Counts of one list that share what happened, as one figure: "14 soldiers and 17
    fighters were killed" is 31 killed, with ``parts`` ("14 soldiers", "17 fighters"), as
    conflict-event datasets code an event's toll. Only counts side by side in one sentence (a
    list word between them, nothing else), of one category, unit, place and period, each with a
    number (no "dozens"), are added up; "killed 5 and wounded 22" keeps its two."""
    out: list[Figure] = []
    for i, figure in enumerate(figures):
        last = out[-1] if out else None
        after = figures[i + 1] if i + 1 < len(figures) else None
        # "2 soldiers, 3 police officers and 4 civilians": a comma joins when a list word follows
        listed = last is not None and (
            _same_list(text, last, figure)
            or (
                after is not None
                and _same_list(text, last, figure, _COMMA_JOIN)
                and _same_list(text, figure, after)
            )
        )
        if last is not None and listed:
            out[-1] = _added(text, last, figure)
        else:
            out.append(figure)
    return out


_COMMA_JOIN = re.compile(r"(?P<rest>(?:\s+[\w'’/()-]+){0,5}?)\s*,\s*")


def _same_list(text: str, a: Figure, b: Figure, joins: re.Pattern[str] = _LIST_JOIN) -> bool:
    if a.category not in _SUMMED or (a.category, a.unit) != (b.category, b.unit):
        return False
    if a.value is None or b.value is None or a.sentence != b.sentence:
        return False
    if a.place != b.place and a.place is not None and b.place is not None:
        return False
    if a.period != b.period or "vague" in (a.qualifier, b.qualifier):
        return False
    if b.char_start < a.char_end:
        return False
    join = joins.fullmatch(text, a.char_end, b.char_start)
    if join is None:
        return False
    rest = join["rest"].lower().split()  # no verb, preposition or clause in the noun phrase
    return not any(w in _INSIDE_A_LIST or w.endswith(("ed", "ing")) for w in rest)


def _added(text: str, a: Figure, b: Figure) -> Figure:
    value = (a.value or 0) + (b.value or 0)
    qualifiers = {a.qualifier, b.qualifier}
    if qualifiers & {"at_least", "more_than"} and not qualifiers & {"about", "up_to"}:
        qualifier, low, high = "at_least", value, None
    elif qualifiers == {"exact"}:
        qualifier, low, high = "exact", value, value
    else:
        qualifier, low, high = "about", None, None
    join = _LIST_JOIN.fullmatch(text, a.char_end, b.char_start)
    rest = text[a.char_end : join.end("rest")] if join else ""  # "10 regime [and pro-regime ...]"
    parts = (
        (*a.parts[:-1], a.parts[-1] + rest)
        if a.parts
        else (text[a.char_start : a.char_end] + rest,)
    )
    return replace(
        a,
        value=value,
        low=low,
        high=high,
        qualifier=qualifier,
        char_end=b.char_end,
        place=a.place or b.place,
        parts=(*parts, text[b.char_start : b.char_end]),
    )


# a tally said again as a total: "Total fatalities 17.", "In all, 17 people were killed", "3
# fatalities allocated as follows: ..."
_TOTAL_BEFORE = re.compile(r"(?i)\b(?:total|overall|in\s+all|altogether|all\s+told)\b[^.;]{0,40}$")
_TOTAL_AFTER = re.compile(
    r"(?i)\s+(?:[\w-]+\s+){0,2}?(?:fatalit\w*|deaths|casualt\w*|dead)\s+(?:are\s+|were\s+)?"
    r"(?:distributed|allocated|split|divided|spread)\b"
)
RESTATED_CHARS = 400  # how far back (from the total's sentence) a figure it restates may be


def restated(
    text: str, figures: Sequence[Figure], shared: Collection[int] = frozenset()
) -> list[Figure]:
    """``figures`` without the totals that only say again a figure just read: "... the killing of
    10 soldiers and 7 fighters. Total fatalities 17." is one toll of 17, not two, and so is a
    breakdown of a toll in its sentence ("12 people were killed: 5 children and 7 women"); a
    total that differs from what came before, or is of another day, is kept. A total starting at
    one of ``shared`` is given out among places by the figures after it (:func:`shared_out`): it
    goes, and so does the toll just before that it says again."""
    out: list[Figure] = []
    for figure in figures:
        if figure.char_start in shared:
            # "... the killing of 3 rebel fighters. 3 fatalities allocated as follows: ...": the
            # toll the total says again, right before it, goes too; another toll stays
            if _TOTAL_AFTER.match(text, figure.char_end):
                out = [e for e in out if not (_same_toll(e, figure) and _next_to(text, e, figure))]
            continue
        # the words up to the figure's end: a label's too ("Total fatalities: 17")
        # or a sentence that is only the figure, as notes close: "Dozens of fatalities."
        said_as_total = (
            _TOTAL_BEFORE.search(text, figure.sentence.start, figure.char_end) is not None
            or _TOTAL_AFTER.match(text, figure.char_end) is not None
        )
        # a line that only says a toll again restates the sentence right before it
        alone = _only_the_figure(text, figure)
        # a breakdown of a toll just given: "12 people were killed: 5 children and 7 women"
        breakdown = bool(figure.parts)
        if (said_as_total or breakdown or alone) and any(
            _same_toll(earlier, figure)
            and (
                said_as_total
                or earlier.sentence == figure.sentence
                or (alone and _next_to(text, earlier, figure))
            )
            for earlier in out[-6:]
        ):
            continue
        out.append(figure)
    return out


def _same_toll(earlier: Figure, total: Figure) -> bool:
    near = (
        total.sentence.start - earlier.sentence.end < RESTATED_CHARS
        and earlier.char_end <= total.char_start
    )
    return (
        near
        and (earlier.category, earlier.value, earlier.low, earlier.high, earlier.unit)
        == (total.category, total.value, total.low, total.high, total.unit)
        and (earlier.value is not None or earlier.low is not None)
        and (total.place is None or earlier.place is None or total.place == earlier.place)
        and (total.period is None or earlier.period is None or total.period == earlier.period)
    )


def _only_the_figure(text: str, figure: Figure) -> bool:
    """Whether ``figure``'s sentence says nothing but it ("Dozens of fatalities.", "17 dead.")."""
    said = text[figure.sentence.start : figure.sentence.end].strip().rstrip(".;!")
    return said == text[figure.char_start : figure.char_end].strip()


# a count given as what a number of people is: "the number of displaced families is estimated
# to be 349", "the total number of returnees this year is now 253,000", "the number of people
# who fled has risen to 12,000"
_NUMBER_OF = re.compile(
    r"(?i)\bnumber\s+of\s+(?P<what>[^,;:()]{1,80}?)\s+(?:is|was|stands|stood|has|have|had"
    r"|reached|rose|grew|climbed|totals?|totalled)\b(?P<how>[^,;:()]{0,30})$"
)
# "bringing the number of IDPs registered in the camps to 120,000"
_BRINGING = re.compile(
    r"(?i)\b(?:bring|brings|bringing|brought|taking|takes|took|raising|raises|raised|pushing)"
    r"\s+(?:the\s+)?(?:total\s+)?number\s+of\s+(?P<what>[^,;:()]{1,80}?)\s+to\b(?P<how>[^,;:()]{0,20})$"
)
_HOW = re.compile(
    r"(?i)^(?:\s+(?:now|already|estimated|believed|thought|put|at|to|be|been|risen|grown|climbed"
    r"|reached|approximately|roughly|some|around|about|nearly|almost|over|more|than|up|just))*\s*$"
)


def number_of(before: str) -> tuple[str | None, str | None] | None:
    """What the number right after ``before`` counts when ``before`` says it is the number of
    some people (see :data:`_NUMBER_OF`): the category its words give and the noun counted."""
    said = _NUMBER_OF.search(before) or _BRINGING.search(before)
    if said is None or not _HOW.match(said["how"]):
        return None
    words = said["what"].lower().split()
    if words[0] in THINGS:
        return None, None  # "the number of camps hosting displaced families" counts no one
    # the last word of what happened says it: "IDPs returning home", "families who have returned"
    found = [f for f in keywords(said["what"]) if f[1] != "population"] or keywords(said["what"])
    category = (
        max(found)[1]
        if found
        else next((BY_HEAD[w] for w in reversed(words) if w in BY_HEAD), None)
    )
    if category is None:
        return None
    noun = next((w for w in words if w in {"households", "families", "household", "family"}), None)
    return category, noun or next((w for w in words if w in PEOPLE_NOUNS), None)
