"""The words events are found by: triggers with their category and sub-type in the shared
taxonomy, the phrases that look like events and are not, and the words that say how an attack
was carried out and on whom.

Categories: advance, capture, siege, encircle, attack, control, withdraw, ceasefire. Sub-types
(conflict-event datasets' shared taxonomy): armed_clash, shelling, airstrike, explosive,
attack_on_civilians (attacks), government_regains_territory and non_state_overtakes_territory
(captures), base_established (control), agreement (ceasefires).
"""

from __future__ import annotations

import re

__all__ = [
    "CATEGORIES",
    "DIRECTIONS",
    "NOT_EVENTS",
    "NOUN_TRIGGER",
    "SUBTYPES",
    "TRIGGER",
    "TRIGGERS",
    "civilian_target",
    "manner",
    "protest_or_arrest",
]

CATEGORIES = (
    "advance",
    "capture",
    "siege",
    "encircle",
    "attack",
    "control",
    "withdraw",
    "ceasefire",
)
SUBTYPES = (
    "armed_clash",
    "shelling",
    "airstrike",
    "explosive",
    "attack_on_civilians",
    "government_regains_territory",
    "non_state_overtakes_territory",
    "base_established",
    "agreement",
)
DIRECTIONS = {
    "north": 0.0, "north-east": 45.0, "east": 90.0, "south-east": 135.0,
    "south": 180.0, "south-west": 225.0, "west": 270.0, "north-west": 315.0,
}  # fmt: skip
"""Compass directions of advances and their bearings in degrees clockwise from north."""

_DIR = r"(?:north|south)?-?(?:east|west)|north|south"
_WEAPON = (
    r"(?:\d+(?:\.\d+)?\s*mm\s+|calibre\s+\d+\s*mm\s+|heavy\s+|light\s+|medium\s+|small\s+"
    r"|several\s+|\d+\s+|and\s+|,\s*|anti-\w+\s+|artillery\s+|tank\s+|katyusha\s+)*"
)
# (trigger group, category, sub-type, words). Earlier groups win where two start at one word.
TRIGGERS: tuple[tuple[str, str, str | None, str], ...] = (
    ("control", "control", None,
     r"(?P<held>(?:(?-i:[A-Z])[\w'’]*\s+)?[A-Za-z][\w'’]*)"
     r"-(?:held|controlled|run|dominated)\b|(?:controlled|held|run|dominated)\s+by\b|under\s+(?:the\s+)?(?:full\s+|firm\s+)?control"
     r"\s+of\b|in\s+(?P<hands>[\w'’-]+)\s+hands\b|(?P<bastion>rebel|opposition|insurgent|militant"
     r"|jihadist)\s+(?:bastion|stronghold|enclave|territory|territories|pocket|redoubt)s?\b"
     r"|(?P<holds>(?:controls|controlled|controlling|holds|held|holding)(?=\s+(?:the\s+"
     r"(?:towns?|cit(?:y|ies)|villages?|provinces?|regions?|areas?|districts?)\s+of\s+)?"
     r"(?!(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day|January|February|March|April|May|June|July"
     r"|August|September|October|November|December)(?-i:[A-Z])))"),
    ("base", "control", "base_established",
     r"(?:set(?:s|ting)?\s+up|establish(?:ed|es|ing)?|buil[dt](?:s|ing)?|erect(?:ed|s|ing)?)"
     r"\s+(?:(?:a|an|the|new|their|its|several|two|three|\w+)\s+){0,3}?(?:military\s+|army\s+"
     r"|observation\s+|security\s+)?(?:bases?|headquarters|HQs?|checkpoints?|outposts?"
     r"|observation\s+posts?|military\s+posts?|positions)\b"),
    ("ceasefire", "ceasefire", "agreement",
     r"cease-?fires?(?!\s+violations?)|truces?|armistice|de-?escalation\s+(?:agreement|deal|zone"
     r"|pact)"
     r"|halt\s+to\s+(?:the\s+)?fighting|peace\s+(?:agreement|deal|accord|pact|treaty)s?"),
    ("capture", "capture", None,
     r"(?:re)?captur(?:e|ed|es|ing)|retak(?:e|en|es|ing)|retook|seiz(?:e|ed|es|ing)"
     r"|overr(?:an|un|unning)|(?:took|take|taken|takes|taking|seized|gained|gain|regain(?:ed|ing"
     r"|s)?|wrest(?:ed)?)\s+(?:full\s+|back\s+)?control|(?:took|taken|take)\s+over|fell\s+to"
     r"|fall(?:en|s)?\s+to|liberat(?:e|ed|es|ing)"),
    ("encircle", "encircle", None,
     r"encircl(?:e|ed|es|ing|ement)|(?:fully\s+|completely\s+|been\s+)?surrounded\b"
     r"|surround(?:ing)?\s+(?:the|it|them)\b"),
    ("siege", "siege", None,
     r"besieg(?:e|ed|es|ing)|(?:under|laid|lay|lays)\s+siege|siege\s+of|blockad(?:e|ed|ing)\b"),
    ("withdraw", "withdraw", None,
     r"withdr(?:ew|awn|aws|awing|awal|aw)|pull(?:ed|ing|s)?\s+(?:out|back)"
     r"|retreat(?:ed|ing|s)?"),
    ("advance", "advance", None,
     rf"advanc(?:e|es|ed|ing)(?!\s+(?:notice|warning|payment))|push(?:ed|es|ing)?"
     rf"\s+(?:(?:further|deeper|farther)\s+)?(?:{_DIR}|in(?:to)?|toward|towards|forward|on)\b"
     rf"|march(?:ed|es|ing)?\s+(?:on|toward|towards|into)\b|gain(?:ed|ing|s)?\s+ground"
     rf"|mov(?:ed|ing|es)\s+(?:{_DIR}|toward|towards|into|closer)\b|clos(?:ed|ing)\s+in\s+on"),
    ("explosive", "attack", "explosive",
     r"IEDs?|improvised\s+explosive(?:\s+devices?)?|(?:roadside|car|truck|crude|petrol|hand"
     r"|remote-controlled|magnetic)\s+bombs?|(?:hit|struck|stepped\s+on|triggered|drove\s+over"
     r"|ran\s+over)\s+(?:a|an)\s+(?:\w+\s+)?(?:(?:land\s?|sea\s?)?mine|IED|improvised\s+explosive"
     r"\s+device|roadside\s+bomb)|(?:land|sea)\s?mines?|suicide\s+(?:bomb(?:ing|ings|er"
     r"|ers)?|attacks?|blasts?|vests?)|(?:bomb|IED|mine|grenade)\s+(?:blasts?|explosions?"
     r"|attacks?)|blasts?|explosions?|explod(?:ed|es|ing)|detonat(?:ed|es|ing|ion)"
     r"|(?:bombs?|devices?|explosives?)\s+went\s+off|grenades?|bl(?:ew|own|owing)\s+up"
     r"|blown(?=\s+by\b)|(?<=by\s)(?:an?\s+|the\s+)?(?:[\w'’-]+\s+){0,2}?(?:land\s?)?mines?"),
    ("airstrike", "attack", "airstrike",
     r"(?<!of\s)drones?\s+(?:hit|struck|slammed\s+into|crashed\s+into)(?!\s+(?:a|the|an)\s+"
     r"(?:record|high|low|peak|milestone|target\s+of))|bombs?\s+(?:fell|dropped)\s+on"
     r"|air\s*-?strikes?|air\s*raids?|air\s+campaign|air\s+attacks?|aerial\s+(?:attacks?"
     r"|bombardments?|bombings?|strikes?)|drone\s+(?:strikes?|attacks?)|barrel\s+bombs?"
     r"|bombing\s+raids?"),
    ("shelling", "attack", "shelling",
     rf"shell(?:ing|ed|s)?\b|artillery(?:\s+(?:fire|shells?|strikes?|barrages?|attacks?))?"
     rf"|mortars?(?:\s+(?:fire|shells?|rounds|attacks?))?|rockets?(?:\s+(?:fire|attacks?))?"
     rf"|missiles?(?:\s+(?:strikes?|attacks?))?|(?:shells?|rockets?|mortars?)\s+(?:hit|landed"
     rf"|fell)\b|barrages?|bombard(?:ed|ing|ment|ments|s)?"
     rf"|pounded|pounding|\d[\d,]*\s+projectiles?|(?:fired|fires|firing|launched|launching)\s+{_WEAPON}"
     rf"(?:mortars?|artillery|rockets?|missiles?|shells?|projectiles?)"),
    ("clash", "attack", "armed_clash",
     rf"clash(?:es|ed|ing)?|skirmish(?:es|ed)?|fighting\s+(?:broke\s+out|erupted|raged|continued"
     rf"|between)"
     rf"|fought|firefights?|fire\s*fights?|gunfights?|gun\s*battles?|gunfire|crossfire"
     rf"|(?:heavy\s+)?exchanges?\s+of\s+(?:\w+\s+)?(?:fire|gunfire|shelling|targeting)"
     rf"|exchang(?:ed|ing|es?)\s+(?:heavy\s+)?(?:fire|gunfire)|battl(?:e|ed|es|ing)"
     rf"|engag(?:ed|ing)(?=\s+(?:in\s+(?:a\s+|an\s+|heavy\s+)?(?:\w+\s+)?(?:firefight|gunfight"
     rf"|clash|battle|fighting|exchange|combat)|with\b|(?:the\s+|an?\s+)?(?:[\w-]+\s+){{0,2}}"
     rf"(?:militants|rebels|insurgents|fighters|troops|forces|guerrillas|jihadists|gunmen"
     rf"|positions|enemy)\b))|encounters?|ambush(?:es|ed|ing)?|opened\s+fire"
     rf"|(?:fired|firing|fires|shot)(?:\s+(?:with\s+)?(?:[\w.-]+\s+){{0,3}}?(?:shots|bullets"
     rf"|rounds|gunshots|weapons|arms|guns))?\s+(?:at|on|upon|into|towards?)(?![\w-])"
     rf"|(?:was|were|been)\s+fired\s+(?:up)?on|shot(?=\s+(?:[\w'’-]+\s+){{1,6}}?dead\b)"
     rf"|shot(?=\s+(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|several|an?)\s+"
     rf"(?:[\w-]+\s+)?(?:m[ae]n|wom[ae]n|people|persons?|civilians?|villagers?|child(?:ren)?"
     rf"|boys?|girls?|farmers?|residents?|workers?|youths?|drivers?|students?)\b)"
     rf"|came\s+under\s+(?:\w+\s+)?fire|\d[\d,]*\s+(?:[a-z]+/)*bursts?\s+of\s+(?:\w+\s+)?fire|(?:fired|fires|firing)\s+{_WEAPON}(?:machine\s*-?guns?"
     rf"|guns?|small\s+arms|RPGs?|rocket-propelled\s+grenades?|grenade\s+launchers?|weapons)"
     rf"|shot\s+(?:dead|and\s+(?:killed|injured|wounded))|gunned\s+down|snipers?"
     rf"|repell?(?:ed|s|ing)|repuls(?:ed|es|ing)|push(?:ed|es|ing)?\s+back(?=\s+(?:the\s+|an?\s+)?"
     rf"(?:[\w-]+\s+){{0,2}}?(?:forces|troops|fighters|militants|rebels|insurgents|attackers|units"
     rf"|soldiers|militiamen|gunmen|assaults?|attacks?|offensives?|advances?|incursions?)\b)|thwart(?:ed|s|ing)"
     rf"|foil(?:ed|s|ing)|incursions?"
     rf"|infiltrat(?:ed|ion|ions|ing)|assassinat(?:ed|es|ing|ion)|violat(?:ed|ing|es|ions?)\s+"
     rf"(?:of\s+)?(?:the\s+|a\s+)?cease-?fire|cease-?fire\s+violations?|breach(?:ed|es|ing)?"
     rf"\s+(?:of\s+)?(?:the\s+|a\s+)?cease-?fire"),
    ("violence", "attack", "attack_on_civilians",
     r"massacr(?:e|ed|es)|lynch(?:ed|ing)|(?:hacked|axed|beaten|stabbed|burnt|burned|tortured"
     r"|bludgeoned|clubbed|shot|stoned)\s+to\s+death|beheaded|summarily\s+executed|executed(?=\s+"
     r"(?:\w+\s+){0,3}?(?:civilians?|prisoners?|captives?|men|women|people|villagers|soldiers"
     r"|fighters|hostages|detainees|residents|him|her|them)\b)|burn(?:ed|t)\s+alive"
     r"|beaten\s+up|beaten(?=\s+by\b)|kidnapp(?:ed|ing)|abduct(?:ed|ing|ions?)"
     r"|set\s+(?:[\w'’-]+\s+){0,3}?(?:on\s+fire|ablaze|alight)|slit(?:ting)?\s+"
     r"(?:\w+\s+)?throats?"),
    ("kill", "attack", "armed_clash",
     r"(?P<killed>killed)|(?P<fire>fire)(?=\s+(?:in|on|at|near|from|hit|killed|wounded"
     r"|injured)\b)"),
    ("attack", "attack", None,
     r"attack(?:s|ed|ing)?|assault(?:s|ed|ing)?|offensive|target(?:ing|ed)\b|struck"
     r"|strikes?|storm(?:ed|ing)\b|raid(?:s|ed|ing)?\b|bomb(?:ed|ing|ings)\b"
     r"|dropp(?:ed|ing)\s+(?:\w+\s+){0,3}?(?:bombs?|munitions|explosives|missiles?|shells?)"
     r"|(?:security|military|counter-?terror(?:ism)?|counter-?insurgency|search|clearance"
     r"|clean-?up|joint|combing|intelligence-based)\s+operations?"),
)  # fmt: skip
TRIGGER = re.compile(
    r"(?i)(?<![\w-])(?:"
    + "|".join(f"(?P<{name}>{words})" for name, _, _, words in TRIGGERS)
    + r")(?![\w-])"
)
NOUN_TRIGGER = re.compile(
    r"(?i)(?:offensive|air|aerial|drone|missile|rocket|artillery|mortar|barrel|bombardment"
    r"|shelling|attacks\b|assaults?\b|advance\b|cease|truce|armistice|de-?escalation|siege"
    r"|blockade\b|withdrawal|encirclement|clash(?:es)?\b|fighting|exchange|firefight|gunfight"
    r"|gun\s*battle|gunfire|crossfire|encounter|ambush\b|ambushes|explosion|blast|IED"
    r"|improvised|roadside|land|sea|car|truck|crude|petrol|hand|suicide|bomb\b|grenade"
    r"|incursion|infiltration\b|battles\b|barrage|strikes?\b|raids?\b|peace|sniper|massacre"
    r"|assassination)"
)
NOT_EVENTS = re.compile(
    r"(?i)\bin\s+advance|advanced\s+(?:weapons|technology|age|stage)"
    r"|\b(?:heart|panic|asthma|anxiety|cyber|hacker|ransomware)[\s-]*attacks?"
    r"|\b(?:attack|assault)(?:s|ed|ing)?\s+on\s+(?:the\s+)?(?:press|media|freedom|democracy"
    r"|rights|journalism|constitution|judiciary|(?:\w+\s+)?(?:policy|policies|reputation))"
    r"|\battack(?:s|ed|ing)?\s+(?:the\s+)?(?:\w+(?:'s|’s)\s+)?(?:policy|policies|budget|plan"
    r"|proposal|decision|remarks|comments|statement|record|bill|reforms?|handling)"
    r"|\b(?:general|hunger|labou?r|workers['’]?|teachers['’]?|nationwide|rail|transport)\s+"
    r"strikes?|\bstrikes?\s+action|\bon\s+strike|\boffensive\s+(?:remarks?|comments?|language"
    r"|content|words|behaviou?r|jokes?|tweets?|posts?|line)"
    r"|\b(?:discuss|debat|summit|talks?\b|conference|meeting|negotiat|speech|lectur)\w*"
    r"\s+(?:(?:on|about|over|of|regarding)\s+)?(?:(?:the|an?|any|possible|planned|new|next"
    r"|future)\s+)*(?:\w+\s+)?(?:offensive|attacks?|assault|advance)"
    r"|\b(?:offensive|attacks?|assault|advance|airstrikes?|strikes?)\s+(?:was|were|is|are"
    r"|will\s+be|would\s+be)\s+(?:\w+\s+)?(?:discussed|debated|on\s+the\s+agenda|planned"
    r"|postponed|expected|feared|rumou?red|possible|likely|unlikely|imminent|being\s+prepared)"
    r"|\b(?:football|soccer|rugby|tennis|basketball|cricket|match|game)\b[^.]{0,40}"
    r"(?:attack|strikes?|offensive|shots?|fired)"
    r"|\bcounter-?attack(?:s|ed)?\s+(?:on|against)\s+(?:critics|the\s+media)"
    r"|\b(?:\w+-run|solo|grand-slam)\s+(?:blast|shot|homer)|\b(?:took|take|takes|taking)\s+(?:a\s+)?"
    r"(?:\w+\s+)?shots?\s+at|\bparting\s+shot|\b(?:evad|escap|avoid|elud|resist)\w*\s+capture"
    r"|\bartillery\s+systems?|\b(?:sell|sold|sale|deliver|supply|supplied|purchas|buy|bought)\w*\s+"
    r"(?:[\w-]+\s+){0,6}?(?:artillery|missiles?|rockets?|drones?|jets?|mortars?)"
    r"|\b(?:legal|political|court|uphill|election|electoral|custody|policy|budget)\s+battles?"
    r"|\bbattl(?:e|es|ed|ing)\s+(?:against|with)\s+(?:corruption|cancer|covid|the\s+virus"
    r"|disease|poverty|inflation|illness|addiction|depression|fire|flames|wildfires?|floods?)"
    r"|\b(?:killed|injured|wounded|arrested|detained)\s*,?\s*(?:\w+\s+){0,2}(?:or|and)\s+"
    r"captured|\bcaptur(?:ed|ing|es)\s+(?:alive\s+)?(?:\d+|two|three|four|five|several|dozens"
    r"\s+of|a|an|one)?\s*(?:\w+\s+)?(?:militants|fighters|soldiers|members|men|people|civilians"
    r"|rebels|insurgents|suspects|prisoners|commanders?|militant|fighter|soldier|member|suspect"
    r"|weapons|ammunition|arms)\b"
)

# Who is hit: civilians and the places they live in.
_CIVILIANS = re.compile(
    r"(?i)(?<![\w-])(?:civilians?|villagers?|residents?|(?:local\s+)?people|women|children"
    r"|girls?|boys?|a\s+(?:man|woman|boy|girl|child|youth|teacher|farmer|shepherd|vendor)"
    r"|(?:\w+\s+)?(?:men|youths)|worshippers|farmers|fishermen|students?|passers?-?by"
    r"|journalists?|families|family|motorists|drivers?|shepherds?|herders?|IDPs|displaced"
    r"|tribals?|pilgrims|aid\s+workers|(?:civilian|residential)\s+(?:\w+\s+)?(?:areas?|houses?"
    r"|homes?|neighbo(?:u)?rhoods?|vehicles?|cars?|trucks?|buses?|buildings?)|(?:houses|homes"
    r"|hospitals?|schools?|markets?|mosques?|churches?|camps?\s+for\s+(?:the\s+)?displaced))"
    r"(?![\w-])"
)
# Who marches or is arrested: such sentences tell of protests and arrests, not battles.
_PROTEST = re.compile(
    r"(?i)\b(?:protest(?:er|ers|s|ed|ing)?|demonstrat(?:ors?|ions?|ed)|rioters?|riots?|mobs?"
    r"|rall(?:y|ies)|marchers|mourners|tear\s*-?gas|water\s+cannons?)\b"
)
_ARREST = re.compile(r"(?i)\b(?:arrest(?:s|ed|ing)?|detain(?:s|ed|ing)?|raids?\s+on\s+homes)\b")
_HARM = re.compile(
    r"(?i)\b(?:kill(?:ed|ing|s)?|dead|died|death|wound(?:ed|ing|s)?|injur(?:ed|ing|ies|y)"
    r"|shot|fatalit(?:y|ies)|casualt(?:y|ies)|clash(?:es|ed)?)\b"
)
# How an attack was carried out, from the words around its trigger (first match wins).
_MANNER = (
    ("airstrike", re.compile(
        r"(?i)\b(?:war\s*planes?|jets?|air\s*forces?|airforce|aircraft|helicopters?|gunships?"
        r"|drones?|UAVs?|air\s*-?(?:strikes?|raids?)|aerial|barrel\s+bombs?|warplanes?)\b")),
    ("shelling", re.compile(
        r"(?i)\b(?:artillery|mortars?|shell(?:s|ing|ed)?|rockets?|missiles?|katyushas?"
        r"|howitzers?|MLRS|grads?|tank\s+(?:fire|shells|shots|rounds)|projectiles?)\b")),
    ("explosive", re.compile(
        r"(?i)\b(?:IEDs?|explosives?|(?:land)?mines?|bombs?|blasts?|explosions?|grenades?"
        r"|suicide)\b")),
)  # fmt: skip


def manner(context: str) -> str | None:
    """The sub-type the weapons named in ``context`` give an attack: airstrike, shelling or
    explosive; None when it names none (an armed clash)."""
    for subtype, words in _MANNER:
        if words.search(context):
            return subtype
    return None


def civilian_target(after: str) -> re.Match[str] | None:
    """Civilians (or their homes) named as what an attack hit, in the words after it."""
    return _CIVILIANS.search(after)


def protest_or_arrest(sentence: str) -> bool:
    """Whether a sentence tells of a protest put down or of arrests, with nobody killed or hurt
    by arms: such force is no battle ("police fired tear gas at protesters")."""
    if _PROTEST.search(sentence):
        return True
    return bool(_ARREST.search(sentence)) and not _HARM.search(sentence)
