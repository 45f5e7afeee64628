"""Numbers about people in news text: how many were displaced, killed, at risk, hosted...

A number becomes a :class:`Figure` only when the sentence says it counts people: a people noun
follows it ("358,000 civilians", "dozens of children"), it is the subject of a people verb
("some 358,000 were displaced"), the object of one ("killed 12"), or a population ("home to
3 million"). Years, dates, phone numbers, ages, percentages, money, distances and hyphenated
compounds ("eight-year") are never figures.

Qualifiers: ``exact``; ``about`` (about, around, some, roughly, an estimated, nearly, almost, close
to: "nearly" and "almost" are read as close to the number rather than as an upper bound);
``more_than`` (more than, over, above); ``at_least``; ``up_to`` (up to, as many as, fewer than);
``vague`` ("dozens", "hundreds of thousands"), which has no value, only ``low``/``high``.
``low``/``high`` hold the bounds the wording guarantees: both equal the value when exact, ``low``
for more_than/at_least, ``high`` for up_to, neither for about.

Counts of families or households keep the number as written (the category says what happened,
not the unit); the figure's sentence shows the unit.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from extract.amounts import AMOUNT, QUALIFIER, amount_value, parse_amount, qualifier_name
from extract.anchors import CLAUSE_BREAK, figure_period, figure_place, since_it_began
from extract.attribution import attribution
from extract.figure_links import (
    Found,
    allocated,
    labelled,
    listed_total,
    number_of,
    restated,
    shared_before,
    shared_out,
    shared_predicate,
    with_grammar,
)
from extract.figure_words import (
    ARMED,
    BREAKERS,
    BY_HEAD,
    CIVILIAN_NOUNS,
    HOMES,
    KEYWORD,
    PEOPLE_NOUNS,
    PHONE,
    THINGS,
    combine,
    is_phone,
    keywords,
    nearest_keyword,
    not_a_count,
    unit,
    word_set,
)
from extract.records import DateSpan, Figure, Mention, ParsedDocument, Sentence
from extract.spans import InText

__all__ = ["CATEGORIES", "QUALIFIERS", "find_figures", "parse_amount"]

CATEGORIES = (
    "displaced",
    "at_risk",
    "in_need",
    "refugees",
    "returned",
    "killed",
    "injured",
    "killed_or_injured",
    "missing",
    "detained",
    "population",
)
QUALIFIERS = ("exact", "about", "more_than", "at_least", "up_to", "vague")


# --- people, verbs and context ----------------------------------------------------------------

_DEMONYM = re.compile(r"[A-Z][a-z]+(?:ians|ans|is|ese)|Rohingya|Kurds|Turks|Arabs|Yazidis")
_AUX = word_set("""
    have has had were was are is been being be will would could may might must can reportedly
    already also now still so far recently currently all since then either both remain remained
    remains got get who that which
    """)
_HEARSAY = word_set("believed thought feared estimated reported said known understood expected")
_PARTICIPLES = word_set("displaced wounded injured dead missing detained")
_WORD_AT = re.compile(r"\s+([A-Za-z][\w'’-]*)")
_PLACE_PREPOSITIONS = word_set("in from inside across near around throughout within")
_MODALS = word_set("could may might would will")
# the words of a place named between a count and what its people did: "400 people from the town
# of Pital de la Conta in the south-east sought refuge" (with the place's own capitalised words)
_PLACE_PHRASE = word_set(
    "the a an of de la del di el al in at from near town city village district province region"
    " area county camp north south east west northern southern eastern western south-east"
    " south-west north-east north-west"
)
# words before a predicate that say it is not what happened to those counted: "2 fighters in the
# town with no fatalities reported"
_NOT_THEIRS = word_set("no without nor zero with")
_POPULATION_LEFT = re.compile(
    r"(?i)\b(?:population\s+of|home\s+to|inhabited\s+by|inhabitants?\s+of"
    r"|(?:city|town|village|country|province|region|nation|district)\s+of)\s+$"
)
_HOSTING = re.compile(
    r"(?i)\b(?:hosts?|hosting|holds?|holding|houses|housing|shelters?|sheltering|with|has|have"
    r"|had|counts?|contains?|population|home\s+to|inhabited\s+by)\b"
)
# "between 250,000 and" before an amount: a stated range.
_RANGE_BEFORE = re.compile(
    r"(?i)\bbetween\s+(?P<low>[\d,.]+(?:\s+(?:million|thousand))?)\s+and\s+$"
)
# Where a second count starts in the same clause: "42 were killed and dozens wounded".
_NEXT_AMOUNT = re.compile(
    r"(?i)\s+(?:and|or|while|with|as)\s+(?=(?:another\s+|some\s+|at\s+least\s+|more\s+than\s+"
    r"|about\s+|around\s+|nearly\s+|almost\s+|over\s+|up\s+to\s+|an\s+estimated\s+)?"
    r"(?:\d|dozens\b|hundreds\b|thousands\b|millions\b|scores\b|tens\b|several\b|others?\b))"
)


# The verb right before an amount written in words: "killed three civilians and wounded eight".
def _one_of_them(text: str, sentence: Sentence, found: Found) -> bool:
    """Whether ``found`` names some of the people a toll just counted, with nothing said of
    them ("killing 4 civilians, among them a child"); "including 2.8 million who had been
    displaced before" says its own."""
    if not _PART_OF_A_TOLL.search(text[sentence.start : found[5]]):
        return False
    said = re.split(r"[,;.]", text[found[6] : sentence.end], maxsplit=1)[0]
    return KEYWORD.search(said) is None


_PART_OF_A_TOLL = re.compile(
    r"(?i)\b(?:including|among\s+(?:them|whom)|of\s+(?:them|whom))\s*:?\s*(?:at\s+least\s+)?$"
)
_HURT_LAST = re.compile(r"(?i)\b(?:kill|wound|injur|slaughter|massacr)\w*\s*$")
_VERB_LAST = re.compile(r"(?i)\b(?:kill|wound|injur|displac|uproot|evacuat)\w*\s*$")
_ALONE = re.compile(r"\s*(?:[,.;:!?)\"”]|$|(?:in|on|at|across|near|and|since|during)\b)")


def find_figures(parsed: ParsedDocument, places: Sequence[Mention]) -> list[Figure]:
    """Find numbers about people in a parsed document.

    Parameters
    ----------
    parsed
        The document read once (:func:`extract.parse.parse_document`); its dates are never
        figures, and a figure's period is the date of its clause.
    places
        The place mentions figures may be about; a figure's place is one linked to it in its
        sentence, else None (the article's focus applies).

    Returns
    -------
    list[Figure]
        Figures in text order.
    """
    text = parsed.text
    dates = InText(parsed.dates, lambda d: d.char_start)
    mentions = InText(places, lambda m: m.start)
    counts = InText(parsed.counts, lambda c: c.start)
    figures: list[Figure] = []
    shared: set[int] = set()  # where totals start that a note shares out among places
    last_source: str | None = None
    for sentence in parsed.sentences:
        source, named = attribution(sentence.text, last_source)
        if named:
            last_source = source
        sent_dates = dates.within(sentence)
        sent_places = mentions.within(sentence)
        found_here = _figures_in_sentence(text, sentence, sent_dates)
        links = counts.within(sentence)
        found_here = with_grammar(text, sentence, found_here, links, sent_dates)
        found_here = shared_predicate(text, sentence, found_here)
        found_here = [f for f in found_here if not _one_of_them(text, sentence, f)]
        given_out = allocated(sentence)
        shares = [*given_out, *_unclaimed(labelled(sentence), found_here)]
        taken = {f[5] for f in shares}
        found_here = sorted(
            [*(f for f in found_here if f[5] not in taken), *shares], key=lambda f: f[5]
        )
        totals = shared_out(found_here, given_out)
        if given_out and not totals:  # "Deaths were distributed as follows: 5 in X, 6 in Y"
            figures = shared_before(text, figures, given_out, sentence)
        shared |= totals
        here: list[Figure] = []
        for found in found_here:
            category, value, low, high, qualifier, start, end, unit = found
            place = figure_place(text, sentence, start, end, sent_places)
            period = figure_period(text, sentence, start, end, sent_dates)
            # "has killed 12,000 since it began in April": from April to the article's day
            began = [period] if period is not None else sent_dates
            period = since_it_began(text, began, parsed.document.published) or period
            here.append(
                Figure(
                    category=category,
                    value=value,
                    low=low,
                    high=high,
                    qualifier=qualifier,
                    char_start=start,
                    char_end=end,
                    sentence=sentence,
                    place=place,
                    period=period,
                    source=source,
                    unit=unit,
                )
            )
        figures.extend(listed_total(text, here))
    return restated(text, figures, shared)


def _unclaimed(found: list[Found], taken: list[Found]) -> list[Found]:
    """``found`` but for figures overlapping one already ``taken``."""
    return [f for f in found if not any(t[5] < f[6] and f[5] < t[6] for t in taken)]


def _figures_in_sentence(text: str, sentence: Sentence, dates: Sequence[DateSpan]) -> list[Found]:
    """Amounts in one sentence that count people, with category, value and qualifier."""
    out: list[Found] = []
    phones = [(p.start(), p.end()) for p in PHONE.finditer(sentence.text) if is_phone(p.group())]
    for match in AMOUNT.finditer(sentence.text):
        a, b = match.span()
        doc_a, doc_b = sentence.start + a, sentence.start + b
        if any(d.char_start < doc_b and doc_a < d.char_end for d in dates):
            continue
        if any(p0 <= a < p1 for p0, p1 in phones) or not_a_count(sentence.text, match):
            continue
        value, low, high = amount_value(match)
        if value is None and low is None:
            continue
        before = sentence.text[:a]
        qualifier, q_start = "vague" if match["vague"] else "exact", a
        qual = QUALIFIER.search(before)
        if qual and not match["vague"]:
            qualifier = qualifier_name(qual)
            q_start = qual.start()
        elif match["words"] and match["words"].lower().startswith(("a ", "half")):
            qualifier = "about"
        homes = _EVACUATED_HOMES.match(sentence.text, b)
        if homes is None and _EVACUATION_OF.search(sentence.text[:q_start]):
            homes = _HOMES.match(sentence.text, b)
        if homes is not None and value is not None:  # "80 homes were evacuated": households
            low = value if qualifier in {"exact", "more_than", "at_least"} else None
            high = value if qualifier in {"exact", "up_to"} else None
            out.append(("displaced", value, low, high, qualifier, sentence.start + q_start,
                        sentence.start + homes.end("homes"), "households"))  # fmt: skip
            continue
        head, head_end, hints = _noun_phrase(sentence.text, b)
        if head is None and _counts_things(sentence.text, b):
            continue  # "in 14 evacuation centres", "across 12 districts": places, not people
        said_of = number_of(sentence.text[:q_start]) if head is None else None
        if said_of is not None:  # "the number of displaced families is estimated to be 349"
            category, head = said_of
        else:
            category = _category(
                sentence.text, q_start, head_end, head, hints, bool(match["words"])
            )
        if category is None:
            continue
        if value is not None and qualifier != "about":
            low = value if qualifier in {"exact", "more_than", "at_least"} else None
            high = value if qualifier in {"exact", "up_to"} else None
        span = _RANGE_BEFORE.search(before)
        if span is not None and value is not None:  # "between 250,000 and 300,000 people"
            low_text = span["low"]
            if match["scale"] and not re.search(r"(?i)million|thousand", low_text):
                low_text += " " + match["scale"]  # "between 2 and 3 million": both millions
            first = amount_value(AMOUNT.fullmatch(low_text) or match)[0]
            if first is not None and first < value:
                value, low, high, qualifier, q_start = None, first, value, "about", span.start()
        out.append(
            (category, value, low, high, qualifier, sentence.start + q_start,
             sentence.start + head_end, unit(head))
        )  # fmt: skip
    return out


_HOMES_WORD = "|".join(sorted(HOMES))
_HOMES = re.compile(rf"\s+(?P<homes>{_HOMES_WORD})\b")
_EVACUATED_HOMES = re.compile(
    rf"\s+(?P<homes>{_HOMES_WORD})\s+(?:(?:were|was|had|have|has|been|to|be|being)\s+)+"
    r"evacuated\b"
)
_EVACUATION_OF = re.compile(r"(?i)\bevacuations?\s+of\s+$")
_WORDS_AFTER = re.compile(r"(?:\s+[A-Za-z-]+){1,3}")


def _counts_things(sentence: str, pos: int) -> bool:
    """Whether the amount ending at ``pos`` counts things: a noun of :data:`THINGS` within three
    words, with nothing before it that ends the phrase."""
    match = _WORDS_AFTER.match(sentence, pos)
    for word in match.group().lower().split() if match else []:
        if word in THINGS:
            return True
        if word in BREAKERS:
            return False
    return False


def _noun_phrase(sentence: str, pos: int) -> tuple[str | None, int, set[str]]:
    """The people noun that an amount at ``pos`` counts, where the phrase ends, and hints.

    Allows "of" ("dozens of civilians") and up to four modifiers ("pro-Turkish rebel faction
    fighters").
    """
    hints: set[str] = set()
    cursor = pos
    of_match = re.match(r"\s+of(?:\s+(?:the|these|those|its|their|his|her|our))?\b", sentence[pos:])
    if of_match:
        cursor = pos + of_match.end()
    for _ in range(5):
        word = _WORD_AT.match(sentence, cursor)
        if word is None:
            break
        token = word.group(1)
        lower = token.lower()
        if lower in PEOPLE_NOUNS or _DEMONYM.fullmatch(token):
            following = _WORD_AT.match(sentence, word.end())
            later = following.group(1).lower() if following else ""
            if following and later in PEOPLE_NOUNS and later not in _PARTICIPLES:
                hints.add(lower)
                return later, following.end(), hints  # "displaced people"
            return lower, word.end(), hints
        if lower in BREAKERS or lower.endswith("ing"):
            break
        if lower in _PARTICIPLES:
            hints.add(lower)
        cursor = word.end()
    return None, pos, set()


def _category(
    sentence: str, start: int, end: int, head: str | None, hints: set[str], words: bool
) -> str | None:
    """Decide what happened to the people counted, or None when it is not about people."""
    if _DRIVEN.search(sentence[:start]) and _AWAY.match(sentence, end) and head not in ARMED:
        return "displaced"  # "the attacks pushed 135,000 people towards Goma"
    compelled = _COMPELLED.search(sentence[:start]) is not None
    category = _predicate(sentence[end:], compelled=compelled)
    if category is None:
        left = _left_clause(sentence[:start])
        if head is None:
            if _POPULATION_LEFT.search(sentence[:start]):
                return "population"
            keyword = nearest_keyword(left)
            if keyword and (not words or _VERB_LAST.search(left)) and _stands_alone(sentence[end:]):
                return keyword  # "the strike killed 12 in Idlib", "wounded eight"
            return None
        # A noun that says what happened ("dozens wounded", "300 refugees") outranks the verb
        # of an earlier count in the clause ("12 were killed and dozens wounded").
        hurt = _HURT_LAST.search(left)  # "killing 87 detainees", "wounded 5 refugees"
        category = (
            (nearest_keyword(left) if hurt else None)
            or BY_HEAD.get(head or "")
            or ("population" if _POPULATION_LEFT.search(sentence[:start]) else None)
            or nearest_keyword(left)
            or _head_category(head, hints, left)
        )
    if category in ("population", "displaced") and head in ARMED:
        return None  # "two soldiers remained at the post", "12 soldiers were forced to flee"
    if category == "population" and (head in BY_HEAD or hints & _PARTICIPLES):
        # "hundreds of thousands of displaced people live in camps" counts the displaced
        category = _head_category(head, hints, _left_clause(sentence[:start])) or category
    if head in {"refugees", "refugee"} and category == "displaced":
        category = "refugees"
    return category


# people driven somewhere: "pushed 135,000 people towards Goma", "drove 2,000 families out of"
_DRIVEN = re.compile(r"(?i)\b(?:pushed|drove|driven|chased|forced)\s+$")
_AWAY = re.compile(r"(?i)\s+(?:towards?|into|out\s+of|across|away\s+from|from\s+their)\b")
# a verb that makes the people counted do what follows: "forced 4,200 people to leave their homes"
_COMPELLED = re.compile(
    r"(?i)\b(?:forc|compell|oblig|prompt|caus)(?:e|ed|es|ing)\s+(?:\S+\s+){0,3}$"
)


_STAYED = word_set("still remain remained remains are were is was")
_IN_CENTRES = re.compile(
    r"(?i)(?:in|at)\s+(?:[\w-]+\s+){0,2}?(?:evacuation|relief|collective|displacement|idp"
    r"|transit)\s+(?:camps?|shelters?|cent(?:re|er)s?|sites?)"
)
_OUT_OF_HOMES = re.compile(r"(?i)out\s+of\s+(?:their|his|her)\s+(?:homes?|houses?)\b")


# an aside between the people counted and their verb: "4,500 people, including dozens of orphans,
# left", "54,000 people, or six per cent of the population, were displaced"
_APPOSITIVE = re.compile(
    r"(?i)^\s*,\s*(?:including|among\s+(?:them|whom)|mostly|mainly|many\s+of\s+(?:them|whom)"
    r"|most\s+of\s+(?:them|whom)|of\s+whom|or\s+(?:about|around|some|nearly|almost|roughly))"
    r"\b[^,;:.()]{1,80},"
)


def _predicate(rest: str, *, compelled: bool = False) -> str | None:
    """Category from a verb phrase right after the amount ("were displaced", "fleeing"; "to
    leave their homes" after a verb that compels)."""
    rest = _APPOSITIVE.sub(" ", rest, count=1)  # "2,800 people, including 90 infants, took"
    clause = CLAUSE_BREAK.split(rest, maxsplit=1)[0]
    clause = _NEXT_AMOUNT.split(clause, maxsplit=1)[0]  # "killed and dozens wounded": two counts
    words = re.findall(r"[A-Za-z][\w'’-]*", clause)[:16]
    if not words:
        return None
    index, modal = 0, False
    if compelled and words[0].lower() == "to":
        index = 1
    if compelled and _OUT_OF_HOMES.match(" ".join(words[:4])):
        return "displaced"  # "forced 1,300 residents out of their homes" (not "dragged ... out")
    if words[0].lower() in _PLACE_PREPOSITIONS:  # "people in Idlib were killed"
        aux_at = [i for i, w in enumerate(words[:6]) if w.lower() in _AUX]
        # the place may take a few words: "people from the town of Pital de la Conta in the
        # south-east sought refuge"
        # nothing after "with no", "without": "2 fighters in Gharanij with no reported fatalities"
        stop = next((j for j, w in enumerate(words) if w.lower() in _NOT_THEIRS), len(words))
        verb_at = [
            i
            for i in range(1, min(12, stop))
            if KEYWORD.match(" ".join(words[i : i + 4]))
            and (i < 6 or all(w[:1].isupper() or w.lower() in _PLACE_PHRASE for w in words[1:i]))
        ]
        if not aux_at and not verb_at:
            return None
        index = aux_at[0] if aux_at else verb_at[0]  # "people in the region depended on aid"
    while index < len(words):
        word = words[index].lower()
        if word in _HEARSAY and index + 1 < len(words) and words[index + 1].lower() == "to":
            index += 2  # "are believed to have been killed"
        elif word in _AUX or (word.endswith("ly") and len(word) > 4):
            modal = modal or word in _MODALS
            index += 1  # "were", "are internally (displaced)"
        else:
            break
    if (
        index
        and words[index - 1].lower() in _STAYED
        and _IN_CENTRES.match(" ".join(words[index : index + 7]))
    ):
        return "displaced"  # "were still in nine evacuation centres", "remained in collective
        # centres"; not "killed 5 children at a displacement site"
    if KEYWORD.match(" ".join(words[index : index + 7])) is None:
        # "fewer than 1,000 remained (in the town)": those still living there
        return "population" if words[0].lower().startswith("remain") else None
    category = combine(keywords(" ".join(words[index : index + 7])))
    if modal and category in {"displaced", "killed", "injured", "killed_or_injured"}:
        return "at_risk"
    return category


# an attribution set between a verb and its count: "forced the evacuation of, according to the
# latest data, 17,631 people"
_ASIDE_BEFORE = re.compile(r"(?i),\s*(?:according\s+to|citing|per)\b[^,;.()]{1,60},\s*$")


def _left_clause(before: str) -> str:
    """The last few words of the clause before the amount (an attribution aside left out)."""
    before = _ASIDE_BEFORE.sub(" ", before)
    parts = CLAUSE_BREAK.split(before)
    clause = parts[-1] if parts else before
    return " ".join(clause.split()[-4:])


def _stands_alone(rest: str) -> bool:
    """True when nothing but punctuation or a preposition follows: "killed 12 in Idlib"."""
    return _ALONE.match(rest) is not None


def _head_category(head: str | None, hints: set[str], left: str) -> str | None:
    if head is None:
        return None
    for hint, category in (("displaced", "displaced"), ("wounded", "injured"),
                           ("injured", "injured"), ("dead", "killed"), ("missing", "missing"),
                           ("detained", "detained")):  # fmt: skip
        if hint in hints:
            return category
    if head in BY_HEAD:
        return BY_HEAD[head]
    civilian = head in CIVILIAN_NOUNS or head[:1].isupper() or _DEMONYM.fullmatch(head)
    if (civilian or head in {"people"}) and _HOSTING.search(left):
        return "population"
    return None
