"""The words figures are read by: what happens to people ("killed", "fled", "took refuge"),
nouns that say it by themselves ("IDPs", "fatalities"), and what makes a number no count of
people (a year, a unit, money, an age, "no one"). Shared by the word patterns
(:mod:`extract.figures`) and the grammar links (:mod:`extract.figure_links`)."""

from __future__ import annotations

import re

__all__ = [
    "ARMED",
    "BREAKERS",
    "BY_HEAD",
    "CIVILIAN_NOUNS",
    "EVENT_KEYWORDS",
    "HOMES",
    "KEYWORD",
    "PEOPLE_NOUNS",
    "PHONE",
    "THINGS",
    "combine",
    "is_phone",
    "keywords",
    "nearest_keyword",
    "not_a_count",
    "unit",
    "word_set",
]


def word_set(spaced: str) -> frozenset[str]:
    return frozenset(spaced.split())


# What follows or precedes a number that makes it something other than a count of people.
_UNIT_AFTER = re.compile(
    r"(?i)\s*(?:%|per\s*cent\b|percent|pct\b|miles?\b|mi\b|km\b|kilomet|metres?\b|meters?\b"
    r"|kg\b|kilo|tons?\b|tonnes?\b|hours?\b|minutes?\b|seconds?\b|days?\b|weeks?\b|months?\b"
    r"|years?\b|degrees?\b|dollars?\b|euros?\b|pounds?\b|usd\b|lira|liras?\b|acres?\b"
    r"|hectares?\b|square\b|sq\b|feet\b|ft\b|inch|times\b|points?\b|am\b|pm\b|a\.m|p\.m"
    r"|o'clock|storey|stor(?:y|ies)\b|floors?\b)"
)
_CURRENCY_BEFORE = re.compile(r"(?i)(?:[$€£¥]|\bus\$|\busd|\beur|\bsyp|\bno\.|\bnumber|#)\s*$")
_AGE_BEFORE = re.compile(r"(?i)\b(?:aged|age|ages|age\s+of)\s+$")
PHONE = re.compile(r"\+?\(?\d[\d\s().-]{6,}\d")
_YEAR_LIKE = re.compile(r"(?:1[89]|20)\d\d")

BREAKERS = word_set("""
    in at on to from for by with into toward towards across near of over under than as and or plus
    but who whom whose that which while when where were was are is have has had been be being
    will would could may might can said says say who's they their them it its this these those
    a an the
    """)
THINGS = word_set("""
    houses homes buildings shops schools hospitals vehicles cars trucks tanks shells rockets
    mortars missiles drones bombs rounds projectiles explosions attacks strikes airstrikes raids
    positions posts checkpoints villages towns areas sites camps house home building vehicle
    car truck tank shell rocket mortar missile drone bomb round projectile explosion attack
    strike airstrike raid position post checkpoint village town area site camp centres centers
    centre center shelters shelter facilities facility tents tent districts district provinces
    province localities locality municipalities municipality cattle livestock cows goats sheep
    camels animals donkeys horses""")

HOMES = word_set("homes houses dwellings")
"""What evacuated homes are counted by: households ("80 homes were evacuated")."""

# Who a count may be of: nouns for people, civilians among them, and the armed.
CIVILIAN_NOUNS = word_set(
    "people persons civilians residents inhabitants souls villagers farmers herders passengers"
    " worshippers miners fishermen traders shepherds"
)
PEOPLE_NOUNS = CIVILIAN_NOUNS | word_set("""
    person civilian resident child children kid kids minors babies infants newborns women men
    girls boys families family households refugees refugee idps idp displaced migrants
    asylum-seekers seekers returnees patients students pupils workers journalists doctors
    nurses medics volunteers fighters soldiers troops militants rebels combatants militiamen
    policemen officers victims casualties dead wounded injured lives bodies survivors detainees
    prisoners hostages evacuees servicemen servicewomen conscripts recruits peacekeepers paramedics
    guards commandos terrorists
    """)
ARMED = word_set(
    "fighters soldiers troops militants rebels combatants militiamen policemen officers servicemen"
    " conscripts guards commandos terrorists"
)

EVENT_KEYWORDS = (
    ("at_risk", r"at\s+(?:imminent\s+)?risk|in\s+danger|under\s+threat|threatened|trapped"
     r"|besieged|vulnerable|on\s+the\s+(?:brink|verge)\b"
     r"|fac(?:e|es|ing)\s+(?:famine|starvation)"),
    ("in_need", r"in\s+need|need(?:s|ing)?\s+(?:of\s+)?(?:\w+\s+)?(?:aid|assistance|help)"
     r"|(?:depend|rel[yi])(?:s|ed|es|ing)?\s+on\s+(?:\w+\s+)?(?:aid|assistance)"),
    ("killed_or_injured", r"casualties"),
    ("killed", r"(?:succumb(?:ed|s|ing)?|died\s+(?:of|from))\s+(?:to\s+)?(?:their|his|her)\s+"
     r"(?:injuries|wounds)|succumb(?:ed|s|ing)?|among\s+the\s+(?:dead|killed|fatalities)"
     r"|kill(?:ed|ing|s)?|slaughter(?:ed|ing|s)?|slit\s+the\s+throats\s+of|dead|died|die|dying"
     r"|deaths?|toll|lives"
     r"|lost(?!\s+(?:all\s+|of\s+)?(?:their|his|her|its|our)\s+(?!lives\b)\w)"
     r"|slain|massacred"
     r"|executed|perished|fatalities|bodies|gunned\s+down|lynched|beheaded"
     r"|(?:burnt|burned)\s+alive|(?:shot|stabbed|beaten|hacked|burnt|burned)\s+to\s+death"),
    ("injured", r"injur(?:ed|ing|ies|y)|wound(?:ed|ing|s)?|hurt|maimed"
     r"|among\s+the\s+(?:wounded|injured)"),
    ("displaced", r"displac(?:ed|ing|ements?)|(?:left|made|rendered)\s+homeless|fled"
     r"|lost\s+(?:their|his|her|its|our)\s+(?:homes?|houses?|dwellings?|shelters?)"
     r"|moved\s+to\s+(?:safer|safe|higher)\s+(?:places?|areas?|ground|locations?)"
     r"|(?:leave|leaving|left|abandon(?:ed|ing)?)\s+(?:their|his|her)\s+(?:homes?|houses?"
     r"|villages?|towns?|neighbou?rhoods?|land)"
     r"|flee(?:ing|s)?|uprooted|(?<!medical )(?<!medical-)evacuat(?:ed|e|ions?|ing)"
     r"|evacuees|relocat(?:ed|ion|ing)|(?:took|take|taking|sought|seek|seeking|found)\s+"
     r"(?:refuge|shelter)|(?:living|sheltering|sheltered|staying|housed|accommodated"
     r"|remain(?:ed|ing|s)?)\s+(?:in|at)\s+(?:[\w-]+\s+){0,3}?(?:camps?|shelters?|cent(?:re|er)s?"
     r"|collective\s+sites?|sites)|(?:are|were|is|was|still)\s+(?:still\s+)?(?:in|at)\s+"
     r"(?:[\w-]+\s+){0,2}?(?:evacuation|relief|collective|displacement|idp|transit|emergency)"
     r"\s+(?:camps?|shelters?|cent(?:re|er)s?|sites?)"
     r"|exodus|forced\s+(?:from|out|to\s+(?:leave|flee|abandon\s+(?:their|his|her)\s+(?:homes?"
     r"|houses?|villages?)))|escaped|homeless|idps?"
     r"|without\s+(?:a\s+)?(?:shelter|homes?|roofs?)\b|to\s+(?:safer|higher)\s+(?:places?|areas?"
     r"|ground|locations?)|(?:sheltering|sheltered|taking\s+shelter)\s+(?:in|at)\s+"
     r"(?:[\w-]+\s+){0,3}?(?:schools?|churches|mosques|tents?|public\s+buildings)\b"
     r"|driven\s+(?:from|out)|pushed\s+(?:by\s+[\w-]+\s+)?(?:across|over)\s+(?:the\s+)?(?:[\w-]+\s+)?"
     r"border"
     r"|(?:stream|pour|flood|flock)(?:ed|ing|s)?\s+(?:in|into|out|across)|sought\s+refuge"),
    ("refugees", r"refugees?|asylum"),
    ("returned", r"return(?:ed|ing|ees?)|went\s+back|came\s+back"),
    ("missing", r"missing|disappeared"),
    ("population", r"(?:live[ds]?|living|resid(?:e|ed|es|ing))\s+(?:in|there|around|near)"
     r"|remain(?:ed|s|ing)?"),
    ("detained", r"detained|detainees|arrested|abducted|kidnapped|imprisoned|hostages"),
)  # fmt: skip
KEYWORD = re.compile(
    r"(?i)\b(?:" + "|".join(f"(?P<{name}>{words})" for name, words in EVENT_KEYWORDS) + r")\b"
)


def unit(noun: str | None) -> str:
    """What a count counts: households or families as written, else people."""
    if noun in {"households", "household"}:
        return "households"
    if noun in {"families", "family"}:
        return "families"
    return "people"


def is_phone(candidate: str) -> bool:
    digits = sum(ch.isdigit() for ch in candidate)
    groups = len(re.findall(r"\d+", candidate))
    return digits >= 7 and (groups >= 3 or candidate.startswith("+"))


def not_a_count(sentence: str, match: re.Match[str]) -> bool:
    """Reject years, units, money, ages, hyphenated compounds and stray words."""
    a, b = match.span()
    after, before = sentence[b:], sentence[:a]
    if after[:1] in {"-", "%", "–"} and not match["vague"]:
        return True  # "eight-year", "5,000-strong", "40%"
    if _UNIT_AFTER.match(after) or _CURRENCY_BEFORE.search(before) or _AGE_BEFORE.search(before):
        return True
    if re.search(r"(?i)\b(?:no|not)\s+$", before):
        return True  # "no one was killed", "not one civilian was hurt"
    if match["num"] and not match["scale"] and _YEAR_LIKE.fullmatch(match["num"]):
        return True  # a bare 19xx/20xx is a year, not a count
    if match["num"] and re.search(r"[A-Z][\w'’-]+,\s*$", before) and after.startswith(","):
        return int(float(re.sub(r"[,\s]", "", match["num"]))) < 120  # "Ahmed, 34, said"
    return False


_DENIED = re.compile(r"(?i)\b(?:no|without|zero|nor)\s+(?:\w+\s+)?$")


def keywords(phrase: str) -> list[tuple[int, str]]:
    found = []
    for match in KEYWORD.finditer(phrase):
        if _DENIED.search(phrase, 0, match.start()):
            continue  # "wounded with no fatalities reported": no one was killed
        name = next(key for key, _ in EVENT_KEYWORDS if match[key])
        found.append((match.start(), name))
    return found


def combine(found: list[tuple[int, str]]) -> str | None:
    if any(name != "population" for _, name in found):  # "remain displaced" counts the displaced
        found = [(at, name) for at, name in found if name != "population"]
    names = {name for _, name in found}
    if not names:
        return None
    first = min(found)[1]
    for name in ("at_risk", "in_need"):
        # "at risk of being displaced" is at risk; "were evacuated as floods threatened their
        # homes" was displaced: the risk only wins when it comes first or stands alone
        if name in names and (first == name or first == "population"):
            return name
    if "killed_or_injured" in names or {"killed", "injured"} <= names:
        return "killed_or_injured"
    return min(found)[1]


def nearest_keyword(left: str) -> str | None:
    found = keywords(left)
    if not found:
        return None
    if any(name == "at_risk" for _, name in found):
        return "at_risk"
    return max(found)[1]


BY_HEAD = {
    "refugees": "refugees", "refugee": "refugees", "idps": "displaced", "idp": "displaced",
    "displaced": "displaced", "evacuees": "displaced", "returnees": "returned",
    "casualties": "killed_or_injured", "dead": "killed", "wounded": "injured",
    "injured": "injured", "lives": "killed", "bodies": "killed", "detainees": "detained",
    "hostages": "detained", "prisoners": "detained", "fatalities": "killed", "deaths": "killed",
    "displacements": "displaced", "evacuations": "displaced",
}  # fmt: skip
"""People nouns that say by themselves what happened to those counted."""
