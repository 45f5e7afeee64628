"""Counts of people as conflict and displacement reporting writes them, read with the sentence's
grammar: ranks and groups between the number and the verb, counts sharing one verb, a single
person with no digit, number words, households, and ACLED-style allocations. And sentences
that must give no figure at all."""

from __future__ import annotations

from datetime import date

import pytest

from extract.amounts import parse_amount
from extract.figures import find_figures
from extract.grammar import load_grammar
from extract.parse import parse_document
from extract.records import Document


def figures(text: str) -> list[tuple[str, int | None, str]]:
    """(category, value, unit) of every figure in ``text``, in text order."""
    document = Document(id="t", text=text, published=date(2021, 5, 3))
    found = find_figures(parse_document(document, grammar=load_grammar()), [])
    return [(f.category, f.value, f.unit) for f in found]


@pytest.mark.parametrize(
    ("text", "want"),
    [
        # a rank or a group between the number and the verb
        ("1 regime lieutenant was killed during the clashes.", [("killed", 1)]),
        ("3 QSD and/or YPG fighters were killed near Tal Tamer.", [("killed", 3)]),
        ("Clashes resulted in the killing of 4 Islamist fighters.", [("killed", 4)]),
        ("Two Central Reserve Police Force (CRPF) personnel were killed and 13 injured.",
         [("killed", 2), ("injured", 13)]),
        # the count is the object of a verb in -ing
        ("Gunmen stormed the market, killing 6 members of a local militia.", [("killed", 6)]),
        ("Militants ambushed a patrol, killing 1 soldier and injuring another.",
         [("killed", 1), ("injured", 1)]),
        # one person, no digit
        ("Snipers shot and killed a fighter on the Kabani front.", [("killed", 1)]),
        # single persons listed together are counted together; a number keeps its own count
        ("Gunmen killed a police officer and a civilian near the market.", [("killed", 2)]),
        ("A shopkeeper and his wife were shot dead outside their home.", [("killed", 2)]),
        ("Raiders killed a teacher, a nurse and a farmer, and wounded a student.",
         [("killed", 3), ("injured", 1)]),
        ("A sergeant and three conscripts were killed by a roadside bomb.", [("killed", 4)]),
        ("A soldier was killed and a civilian was wounded at the checkpoint.",
         [("killed", 1), ("injured", 1)]),
        ("A border guard was wounded by sniper fire.", [("injured", 1)]),
        # counts that share one verb: both, added up as the event's toll (parts kept, below)
        ("14 soldiers and 17 fighters were killed in the assault.", [("killed", 31)]),
        ("31 QSD and 22 Turkish-backed fighters were killed in fighting across the region.",
         [("killed", 53)]),
        # "IS" in capitals is a group, not a verb; "the wounding of others" is not these deaths
        ("Clashes resulted in the killing of 11 IS fighters and 7 regime militias and the "
         "wounding of others.", [("killed", 18)]),
        # a participle after the count, and "reported killed"
        ("The town fell with 1 soldier killed and 3 wounded.", [("killed", 1), ("injured", 3)]),
        ("They repelled the attack with 2 militants reported killed.", [("killed", 2)]),
        # verbs of killing beyond "killed"
        ("A mob lynched two youths on Monday.", [("killed", 2)]),
        ("Troops gunned down three suspected rebels near the border.", [("killed", 3)]),
        ("Two people were shot to death at a checkpoint.", [("killed", 2)]),
        # displacement in the language of humanitarian updates
        ("78,000 IDPs have been officially registered in the district.", [("displaced", 78_000)]),
        ("About 5,500 people were registered as displaced after the shelling.",
         [("displaced", 5_500)]),
        ("Floods forced around 88,000 people to flee their homes.", [("displaced", 88_000)]),
        ("The clashes caused 34,000 displacements in January.", [("displaced", 34_000)]),
        ("Around 12,800 people are living in collective sites near Juba.",
         [("displaced", 12_800)]),
        ("The storm caused the relocation of an estimated 2,000 people to higher ground.",
         [("displaced", 2_000)]),
        ("Two and a half million people have fled the country since March.",
         [("displaced", 2_500_000)]),
        # a count given as what the number of some people is
        ("The number of displaced families is estimated to be 349.", [("displaced", 349)]),
        ("The number of people who fled the fighting has risen to 12,000.",
         [("displaced", 12_000)]),
        ("The number of dead stood at 52 on Monday.", [("killed", 52)]),
        ("In Mosul, the number of IDPs returning home has reached 50,000.", [("returned", 50_000)]),
        # an aside between the people and their verb, or between the verb and the count
        ("About 2,800 people, including 90 infants, took refuge in shelters.",
         [("displaced", 2_800)]),
        ("More than 54,000 people, or around six per cent of the population, were displaced.",
         [("displaced", 54_000)]),
        ("The floods forced the evacuation of, according to the latest data, 17,631 people.",
         [("displaced", 17_631)]),
        ("About 3,800 people were pushed by drought over the border into a camp.",
         [("displaced", 3_800)]),
        ("The storm left 20,000 people without shelter.", [("displaced", 20_000)]),
        ("New arrivals continued, bringing the number of IDPs registered in the camps to 120 000.",
         [("displaced", 120_000)]),
        ("The attacks pushed 135,000 people towards Goma.", [("displaced", 135_000)]),
        ("Nearly 9,000 people were forced to abandon their homes.", [("displaced", 9_000)]),
        ("Authorities moved 2,300 people to higher ground.", [("displaced", 2_300)]),
        ("Around 500 families are sheltering in a school.", [("displaced", 500)]),
        # deaths said otherwise than "killed"
        ("Two soldiers succumbed to their injuries.", [("killed", 2)]),
        ("Three fighters died of their wounds in hospital.", [("killed", 3)]),
        ("Two children were among the dead.", [("killed", 2)]),
        ("Five women were among the wounded.", [("injured", 5)]),
        ("ADF rebels attacked the village, slaughtering around 41 people.", [("killed", 41)]),
        ("Militants slit the throats of 43 farmers.", [("killed", 43)]),
        # a killing verb outranks what the people counted were: detainees, refugees, IDPs
        ("The airstrike hit the prison, killing at least 87 detainees.", [("killed", 87)]),
        ("Gunmen killed 5 refugees near the camp.", [("killed", 5)]),
        ("The shelling wounded 3 IDPs.", [("injured", 3)]),
        ("Police detained 40 refugees at the border.", [("refugees", 40)]),
        # one of the people counted, named after "among them", is no toll of its own
        ("Russian shelling killed 4 civilians, among them a child.", [("killed", 4)]),
        ("The number of displaced people reached 10.7 million, including 2.8 million who had "
         "been displaced before the war.", [("displaced", 10_700_000), ("displaced", 2_800_000)]),
        # who armies and missions count
        ("30 Russian servicemen reportedly killed.", [("killed", 30)]),
        ("Two peacekeepers and 3 border guards were wounded.", [("injured", 5)]),
        # event datasets' notes sharing deaths out among places: the shares are the figures, and
        # a total they give out in full (or the toll it says again) would count them twice
        ("3 fatalities allocated as follows: 2 Harbal area, 1 Sheikh Isa.",
         [("killed", 2), ("killed", 1)]),
        ("Clashes killed 3 rebel fighters. 3 fatalities allocated as follows: 2 Harbal area, "
         "1 Sheikh Isa.", [("killed", 2), ("killed", 1)]),
        ("Shelling killed 11 people. The deaths were distributed as follows: 5 in Suluk, 6 in "
         "Ein Issa.", [("killed", 5), ("killed", 6)]),
        # a toll the shares do not add up to is another one, and stays; so is a toll before the
        # one they share out
        ("Regime shelling on Kafr Nabl killed 3 civilians. Later, clashes near Kafr Nabl killed 3 "
         "HTS fighters, with fatalities allocated as follows: 2 Kafr Nabl, 1 Hass.",
         [("killed", 3), ("killed", 2), ("killed", 1)]),
        ("Shelling killed 4 people on Monday. The deaths were distributed as follows: 5 in "
         "Suluk, 6 in Ein Issa.", [("killed", 4), ("killed", 5), ("killed", 6)]),
        ("The remaining 36 fatalities are distributed as follows: 5 to fighting in Suluk and 6 "
         "to fighting in Ein Issa.", [("killed", 36), ("killed", 5), ("killed", 6)]),
    ],
)  # fmt: skip
def test_counts_the_grammar_ties_to_what_happened(text: str, want: list[tuple[str, int]]) -> None:
    assert [(c, v) for c, v, _ in figures(text)] == want


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("14 soldiers and 17 fighters were killed in the assault.",
         [(31, "exact", ("14 soldiers", "17 fighters"))]),
        ("An officer and two suspected militants were killed in an encounter.",
         [(3, "exact", ("An officer", "two suspected militants"))]),
        ("A commander and his three guards were shot dead at the gate.",
         [(4, "exact", ("A commander", "three guards"))]),
        ("Shells struck the market, killing four women and four children.",
         [(8, "exact", ("four women", "four children"))]),
        ("At least 5 soldiers and 1 officer were killed in the ambush.",
         [(6, "at_least", ("At least 5 soldiers", "1 officer"))]),
        ("21 Turkish-backed fighters along with 17 SDF fighters were killed on Sunday.",
         [(38, "exact", ("21 Turkish-backed fighters", "17 SDF fighters"))]),
        ("The shelling resulted in the killing of 10 regime and pro-regime militias and 7 "
         "rebels.", [(17, "exact", ("10 regime and pro-regime militias", "7 rebels"))]),
        ("Shelling resulted in the killing of 6 SDF and 9 Syrian National Army fighters.",
         [(15, "exact", ("6 SDF", "9 Syrian National Army fighters"))]),
        ("Gunmen killed 5 soldiers and 2 vehicles were burnt.", [(5, "exact", ())]),
        # a total that says the toll again is the same toll; a different one is kept
        ("Clashes killed 10 soldiers and 7 fighters. Total fatalities 17.",
         [(17, "exact", ("10 soldiers", "7 fighters"))]),
        ("In the morning 4 soldiers were killed. In all, 4 soldiers were killed on Monday.",
         [(4, "exact", ())]),
        ("Two soldiers were killed at dawn. In all, 9 people were killed on Monday.",
         [(2, "exact", ()), (9, "exact", ())]),
        ("Gunmen killed 2 soldiers, 3 police officers and 4 civilians.",
         [(9, "exact", ("2 soldiers", "3 police officers", "4 civilians"))]),
        # "plus" and "in addition to" list too; "N of his guards" are others beside the first
        ("Clashes resulted in the killing of 6 SDF plus 9 SNA fighters.",
         [(15, "exact", ("6 SDF", "9 SNA fighters"))]),
        ("Gunmen shot and killed 1 council member in addition to 3 of his guards in Logar.",
         [(4, "exact", ("1 council member", "3 of his guards"))]),
        ("Gunmen killed a commander and 3 of his guards near the town.",
         [(4, "exact", ("a commander", "3 of his guards"))]),
        # a closing line that only says the toll again
        ("An airstrike killed dozens of fighters near the base. Dozens of fatalities.",
         [(None, "vague", ())]),
        ("Shelling killed dozens of civilians in Ariha on Monday. Dozens were killed in Saraqib "
         "on Tuesday.", [(None, "vague", ()), (None, "vague", ())]),
        # a count with a clause of its own, a part of the first, or things, is not added
        ("The attack killed 3 and 2 others were wounded.", [(3, "exact", ())]),
        ("Gunmen killed 7 people and 3 of them were children.", [(7, "exact", ())]),
        ("Raiders killed 3 herders and 40 cattle.", [(3, "exact", ())]),
        ("Gunmen killed 5 civilians and burnt 3 of their vehicles.", [(5, "exact", ())]),
        ("Gunmen killed 5 civilians and 3 of their vehicles.", [(5, "exact", ())]),
        ("Gunmen killed a soldier and 3 of his vehicles.", [(1, "exact", ())]),
        # a breakdown of a toll is that toll; a labelled total too; another day's is another
        ("12 people were killed: 5 children and 7 women.", [(12, "exact", ())]),
        ("Clashes killed 10 soldiers and 7 fighters. Total fatalities: 17.",
         [(17, "exact", ("10 soldiers", "7 fighters"))]),
        ("Two soldiers were killed on Sunday. Altogether 2 civilians were killed on Monday.",
         [(2, "exact", ()), (2, "exact", ())]),
        # not one list: two predicates, two places, or a count with no number
        ("Gunmen killed 5 and wounded 22 in the raid.", [(5, "exact", ()), (22, "exact", ())]),
        ("Some 5,000 people from Saraqib and 3,000 from Ariha were displaced.",
         [(5_000, "about", ()), (3_000, "exact", ())]),
        ("Dozens of fighters and 3 civilians were killed.",
         [(None, "vague", ()), (3, "exact", ())]),
    ],
)  # fmt: skip
def test_counts_listed_together_make_one_total_with_its_parts(
    text: str, want: list[tuple[int | None, str, tuple[str, ...]]]
) -> None:
    document = Document(id="t", text=text, published=date(2021, 5, 3))
    found = find_figures(parse_document(document, grammar=load_grammar()), [])
    assert [(f.value, f.qualifier, f.parts) for f in found] == want


@pytest.mark.parametrize(
    ("text", "want"),
    [
        # digits grouped by spaces, as UN and European reports write them
        ("At least 3 385 people had been evacuated by Tuesday.", [("displaced", 3_385, "people")]),
        ("About 6 000 residents were moved to safer areas.", [("displaced", 6_000, "people")]),
        # losing one's home is displacement, losing one's life is death
        ("Some 12,400 people lost their homes in the earthquake.",
         [("displaced", 12_400, "people")]),
        ("The army lost 12 soldiers in the battle.", [("killed", 12, "people")]),
        # made to leave
        ("The fighting forced 4,200 people to leave their homes.",
         [("displaced", 4_200, "people")]),
        ("The blaze forced 1,300 residents out of their homes.", [("displaced", 1_300, "people")]),
        ("Heavy rains forced 17,000 residents to evacuate.", [("displaced", 17_000, "people")]),
        # sheltered in evacuation centres, and the centres are not people
        ("More than 180 people were accommodated at the emergency evacuation centres.",
         [("displaced", 180, "people")]),
        ("Around 2,300 people were staying in 14 evacuation centres.",
         [("displaced", 2_300, "people")]),
        ("Heavy rain hit 12 districts and 3 people died.", [("killed", 3, "people")]),
        ("Some 1,900 people were still in nine evacuation centres on Friday.",
         [("displaced", 1_900, "people")]),
        ("More than 7,000 people remained in collective centres in the south.",
         [("displaced", 7_000, "people")]),
        ("About 300 people remained in the town.", [("population", 300, "people")]),
        # evacuations of people; a place of several words before what they did
        ("Officials ordered precautionary evacuations of 400 residents on the islands.",
         [("displaced", 400, "people")]),
        ("About 400 people from the town of Pital de la Conta in the south-east sought refuge "
         "with friends.", [("displaced", 400, "people")]),
        ("Gunmen shot and wounded 2 fighters in the town of Gharanij with no fatalities "
         "reported.", [("injured", 2, "people")]),
        # homes evacuated are households
        ("On the coast, 80 homes were evacuated.", [("displaced", 80, "households")]),
        ("The fire forced the evacuations of about 50 homes.", [("displaced", 50, "households")]),
        ("Shelling destroyed 40 homes in the town.", []),
        # tabulated counts
        ("Number of displaced: 452", [("displaced", 452, "people")]),
        ("Evacuated households: 1,200", [("displaced", 1_200, "households")]),
        ("Date: 12 March", []),
        ("Number of evacuation centres: 14", []),
        ("Evacuated houses: 80", [("displaced", 80, "households")]),
        ("The evacuation of more than 50 homes was ordered.", [("displaced", 50, "households")]),
        # out of their homes: made to leave, not dragged out
        ("Gunmen dragged 3 men out of their homes and shot them dead.", []),
    ],
)  # fmt: skip
def test_displacement_as_humanitarian_reports_write_it(
    text: str, want: list[tuple[str, int, str]]
) -> None:
    assert figures(text) == want


def test_households_and_families_keep_their_unit() -> None:
    assert figures("About 300 families were displaced from the camp.") == [
        ("displaced", 300, "families")
    ]
    assert figures("Some 1,200 households fled the flooding.") == [
        ("displaced", 1_200, "households")
    ]
    assert figures("Some 1,200 people fled the flooding.") == [("displaced", 1_200, "people")]


@pytest.mark.parametrize(
    "text",
    [
        "No one was killed in the attack.",
        "Not one civilian was hurt.",
        "An airstrike killed the commander's driver.",  # the airstrike is no count of one
        "A drought that killed many herders struck the region in 2011.",
        "Clashes resulted in the killing and wounding of an unknown number of fighters.",
        "6 regime fighters were wounded with no fatalities reported.",  # injured only, below
        "Three gunmen attacked a convoy on the highway.",  # the doers, and nobody hurt
        "The 2 vehicles were destroyed by a roadside bomb.",
        "The ceasefire was signed in 2019 after talks in Doha.",
        "The number of schools in the district is 40.",
        "Some 300 pupils attend the school near the camp.",
        "In Kabul, 400 workers were eliminated from the ministry payroll.",
        "15 cattle herders lost all their properties to the raid on Tuesday.",
        "The number of tourists was 3 million last year.",
    ],
)
def test_sentences_that_count_nobody_killed(text: str) -> None:
    assert not [f for f in figures(text) if f[0] in {"killed", "killed_or_injured"}]


@pytest.mark.parametrize(
    "text",
    [
        "Some 2,000 Russian troops pushed into the outskirts of Kharkiv.",
        "Russia pushed 10,000 troops into Donbas.",
        "The fighting brought the number of schools closed to 40.",
        "12 soldiers were forced to abandon their positions.",
        "250 students are housed in school dormitories.",
        "The number of camps hosting displaced families has reached 120.",
        "Some 300 pupils attend the school near the camp.",
    ],
)
def test_sentences_that_count_nobody_displaced(text: str) -> None:
    assert not [f for f in figures(text) if f[0] == "displaced"]


@pytest.mark.parametrize(
    ("phrase", "value"),
    [
        ("two and a half million", 2_500_000),
        ("one and a half million", 1_500_000),
        ("half a million", 500_000),
        ("half a dozen", 6),
        ("a quarter of a million", 250_000),
        ("three quarters of a million", 750_000),
        ("a dozen", 12),
        ("one hundred and twenty", 120),
    ],
)
def test_number_words(phrase: str, value: int) -> None:
    assert parse_amount(phrase)[0] == value


def test_scores_of_is_a_range() -> None:
    assert parse_amount("scores") == (None, 40, 199)
    assert figures("Scores of civilians were killed.") == [("killed", None, "people")]


@pytest.mark.parametrize(
    ("text", "want"),
    [
        # a camp or a centre where something else happened to them
        ("Shelling killed 5 children at a displacement site in Ituri.", [("killed", 5)]),
        ("Gunmen killed 3 people at a transit centre for migrants.", [("killed", 3)]),
        ("Medics treated 40 wounded people at collective centres.", [("injured", 40)]),
        ("Medical evacuations of 12 wounded soldiers were carried out.", [("injured", 12)]),
        # a predicate past the people's own verb is not theirs
        ("Some 400 people in the town of Beni protested against the killing of civilians.", []),
        ("About 2,000 people in the city of Goma marched to denounce the displacement of "
         "families.", []),
        ("Gunmen shot and wounded 2 fighters in the town of Gharanij with no reported "
         "fatalities.", [("injured", 2)]),
        # two incidents' closing lines are two tolls
        ("Airstrike on a market in Ariha. 5 dead. Shelling on homes in Saraqib. 5 dead.",
         [("killed", 5), ("killed", 5)]),
        # no list word: the count's phrase is whole
        ("Two 18-year-old men were killed in the raid.", [("killed", 2)]),
    ],
)  # fmt: skip
def test_what_happened_to_others_is_not_what_happened_to_those_counted(
    text: str, want: list[tuple[str, int]]
) -> None:
    assert [(c, v) for c, v, _ in figures(text)] == want
