"""Names the gazetteer lacks still go on the map, where the text ties them; namesakes far away
are refused; parts of countries, roads and plains are areas and lines."""

from __future__ import annotations

from datetime import date

import shapely

from extract.records import Document
from geo.geodesy import great_circle_km
from geo.pipeline import analyse, feature_rows

IDLIB = (35.93062, 36.63393)


def _rows(text: str, gazetteer) -> list[dict]:  # type: ignore[no-untyped-def]
    analysis = analyse(
        Document(id="t", text=text, published=date(2019, 11, 1)), gazetteer=gazetteer
    )
    return [r for r in feature_rows(analysis) if r["kind"] == "place"]


def _named(rows: list[dict], start: str) -> dict:  # type: ignore[type-arg]
    return next(r for r in rows if r["name"].startswith(start))


def test_a_village_the_gazetteer_lacks_is_placed_at_its_anchor_and_says_so(gazetteer) -> None:  # type: ignore[no-untyped-def]
    rows = _rows("Regime forces shelled Ftireh in the southern countryside of Idleb.", gazetteer)
    ftireh = _named(rows, "Ftireh")
    assert ftireh["name"] == "Ftireh (not in gazetteer, southern countryside of Idlib)"
    assert ftireh["geo_precision"] == 2 and ftireh["geonameid"] is None
    assert great_circle_km(ftireh["lat"], ftireh["lon"], *IDLIB) < 1
    assert ftireh["place_source"].startswith("not in gazetteer, southern countryside of Idlib")


def test_a_spelling_the_gazetteer_writes_otherwise_is_found_near_its_anchor(gazetteer) -> None:  # type: ignore[no-untyped-def]
    rows = _rows(
        "Turkish shelling hit the outskirts of Quamishli city in al-Hasakeh, Syria.", gazetteer
    )
    town = _named(rows, "Al Qāmishlī")
    assert great_circle_km(town["lat"], town["lon"], 37.05, 41.23) < 5
    assert town["place_source"].endswith("spelled Quamishli in the text")


def test_a_name_tied_to_nothing_is_reported_not_dropped(gazetteer) -> None:  # type: ignore[no-untyped-def]
    from geo.pipeline import process

    document = Document(
        id="t", text="Fighters captured the village of Dwerah on Monday.", title="note"
    )
    result = process([document], gazetteer=gazetteer, use_ner=False)
    assert any("not on the map: Dwerah" in p for p in result.problems), result.problems


def test_a_piece_of_a_longer_name_is_not_sent_abroad(gazetteer) -> None:  # type: ignore[no-untyped-def]
    text = "Rebels clashed with QSD fighters in the village of Abu Serra near Ras al-Ain in Syria."
    rows = _rows(text, gazetteer)
    assert all(great_circle_km(r["lat"], r["lon"], 36.85, 40.07) < 400 for r in rows), rows
    assert _named(rows, "Abu Serra")["geo_precision"] == 2


def test_with_only_the_actors_nationality_a_piece_is_not_sent_abroad(gazetteer) -> None:  # type: ignore[no-untyped-def]
    text = "Pro-Turkish fighters clashed with QSD fighters in the village of Abu Serra on Monday."
    rows = _rows(text, gazetteer)
    assert all(-20 < r["lon"] < 60 for r in rows), rows  # nothing in the Americas (Serra, Brazil)
    assert not any(r["name"] == "Serra" for r in rows)


def test_a_part_of_a_country_is_that_area(gazetteer) -> None:  # type: ignore[no-untyped-def]
    rows = _rows("Airstrikes continued across northwest Syria on Friday.", gazetteer)
    region = _named(rows, "Northwest Syria")
    area = region["geometry"]
    assert area.geom_type in ("Polygon", "MultiPolygon") and region["geo_precision"] == 2
    assert area.covers(shapely.Point(IDLIB[1], IDLIB[0]))  # Idlib is in the north-west
    assert not area.covers(shapely.Point(36.29, 33.51))  # Damascus is not
    # South Lebanon is also a village in Ohio: written as a compass word and a country, it is
    # the part of that country; a place that is one of the country's own keeps its name
    rows = _rows("Israeli drones struck a car in South Lebanon on Tuesday.", gazetteer)
    south = _named(rows, "South Lebanon")
    assert south["geometry"].covers(shapely.Point(35.48, 33.38))  # Nabatieh
    assert _named(_rows("Riots broke out in Northern Ireland.", gazetteer), "Northern Ireland")
    # a city so named, or a town beside others of its own country, is that town
    jordan = _named(_rows("Gunmen opened fire at a mall in West Jordan.", gazetteer), "West Jordan")
    assert great_circle_km(jordan["lat"], jordan["lon"], 40.61, -111.94) < 10


def test_a_road_and_a_plain_are_a_line_and_an_area(gazetteer) -> None:  # type: ignore[no-untyped-def]
    text = "Shelling closed the M5 highway near Saraqib and hit villages in the Ghab plain."
    rows = _rows(text, gazetteer)
    road, plain = _named(rows, "M5 highway"), _named(rows, "Ghab Plain")
    assert road["geometry"].geom_type == "LineString"
    assert road["geometry"].distance(shapely.Point(36.80, 35.86)) < 0.05  # it runs by Saraqib
    assert plain["geometry"].geom_type == "Polygon"
    assert plain["geometry"].covers(shapely.Point(36.37, 35.6))


BADGHIS = (35.27, 63.56)  # Badghis province, Afghanistan
AL_GHAYL = (16.11, 44.68)  # Al Ghayl, Al Jawf governorate, Yemen


def test_a_place_the_text_puts_in_a_province_is_not_its_namesake_abroad(gazetteer) -> None:  # type: ignore[no-untyped-def]
    # the gazetteer's Murghab is in Tajikistan, 1,000 km away; the text says Badghis
    rows = _rows(
        "Taliban fighters attacked a checkpoint in Murghab district, Badghis province.", gazetteer
    )
    murghab = _named(rows, "Bala Murghab")
    assert murghab["geonameid"] is not None  # the near spelling in Badghis, not a guess
    assert great_circle_km(murghab["lat"], murghab["lon"], *BADGHIS) < 60


def test_a_container_put_abroad_takes_its_namesake_where_the_place_is(gazetteer) -> None:  # type: ignore[no-untyped-def]
    # "Al Jawf" alone is Saudi Arabia's region; the district in it is Yemen's, so is it
    rows = _rows("Coalition airstrikes hit Al Ghayl district (Al Jawf) on Monday.", gazetteer)
    ghayl, jawf = _named(rows, "Al Ghayl"), _named(rows, "Al Jawf")
    assert great_circle_km(ghayl["lat"], ghayl["lon"], *AL_GHAYL) < 5
    assert great_circle_km(jawf["lat"], jawf["lon"], *AL_GHAYL) < 100


def test_a_list_or_a_border_town_is_no_container_to_refuse(gazetteer) -> None:  # type: ignore[no-untyped-def]
    rows = _rows("Barcelona, Liverpool and Chelsea fans gathered in London.", gazetteer)
    barcelona = _named(rows, "Barcelona")
    assert great_circle_km(barcelona["lat"], barcelona["lon"], 41.39, 2.16) < 10
    # the gazetteer puts Ras al-Ain a few km over the line; close enough to keep
    rows = _rows("Clashes were reported in Ras al-Ain in Al-Hasakeh.", gazetteer)
    ras = _named(rows, "Ra")
    assert great_circle_km(ras["lat"], ras["lon"], 36.85, 40.07) < 10


LAHORE = (31.558, 74.351)
POONCH = (33.77, 74.09)


def test_a_small_towns_other_spelling_on_another_continent_is_not_the_place_meant(
    gazetteer,
) -> None:  # type: ignore[no-untyped-def]
    # "Wagah" is one of the names of Wagar, Sudan: in a note about Lahore it is not that town
    rows = _rows("Militants were killed in Lahore, near the Wagah border, on Monday.", gazetteer)
    wagah = _named(rows, "Wagah")
    assert wagah["name"].startswith("Wagah (not in gazetteer")
    assert all(great_circle_km(r["lat"], r["lon"], *LAHORE) < 50 for r in rows), rows


def test_an_other_spelling_stays_when_nothing_sure_says_otherwise(gazetteer) -> None:  # type: ignore[no-untyped-def]
    # "Poonch" is one of the names of Punch, Kashmir; "Line" and "LoC" match small towns in
    # China and the Philippines, which are no reason to refuse it
    text = "A soldier died in an encounter on the Line of Control (LoC) in Poonch sector."
    rows = _rows(text, gazetteer)
    near = [r for r in rows if great_circle_km(r["lat"], r["lon"], *POONCH) < 10]
    assert near and near[0]["geonameid"] is not None, rows


def test_a_number_word_is_never_a_place(gazetteer) -> None:  # type: ignore[no-untyped-def]
    # "Three" is listed as a name of a village in Cambodia; "three" keys as "thre"
    rows = _rows("Three policemen were wounded in Peshawar on Monday.", gazetteer)
    assert [r["name"] for r in rows] == ["Peshawar"]


RAQQA = (35.95, 39.01)
KOBANI = (36.89, 38.35)


def test_a_town_the_text_puts_near_another_is_not_a_namesake_far_away(gazetteer) -> None:  # type: ignore[no-untyped-def]
    # Fatsa is a town in Turkey, 530 km off: this Fatsa is a village near Raqqa
    text = "Gunmen fired on fighters near Fatsa in the northern countryside of Ar-Raqqa."
    fatsa = _named(_rows(text, gazetteer), "Fatsa")
    assert fatsa["name"].startswith("Fatsa (not in gazetteer, northern countryside of")
    assert great_circle_km(fatsa["lat"], fatsa["lon"], *RAQQA) < 30


def test_a_town_in_the_province_its_anchor_names_stays(gazetteer) -> None:  # type: ignore[no-untyped-def]
    # "in Aleppo" is the governorate: Kobani lies 130 km from the city, in it
    text = "Shelling hit the Baghdak area in the countryside of Ain al Arab in Aleppo."
    kobani = _named(_rows(text, gazetteer), "‘Ayn al ‘Arab")
    assert great_circle_km(kobani["lat"], kobani["lon"], *KOBANI) < 10
    assert kobani["geonameid"] is not None
    # a state is wider than any distance from its middle: Parkland is in Florida
    parkland = _named(
        _rows("A shooting in Parkland, Florida shocked the nation.", gazetteer), "Parkland"
    )
    assert great_circle_km(parkland["lat"], parkland["lon"], 26.31, -80.24) < 10


SARAQIB = (35.8645, 36.8059)


def test_a_dateline_or_a_nationality_does_not_refuse_a_towns_other_spelling(gazetteer) -> None:  # type: ignore[no-untyped-def]
    # where the story was filed is not what it is about; nor is Russia's middle near Kupiansk
    rows = _rows("GENEVA (Reuters) - Fighting near Saraqeb displaced 5,000 people.", gazetteer)
    assert any(great_circle_km(r["lat"], r["lon"], *SARAQIB) < 5 for r in rows), rows
    rows = _rows("WASHINGTON (AP) - Russian forces shelled Kupiansk on Monday.", gazetteer)
    assert any(great_circle_km(r["lat"], r["lon"], 49.71, 37.62) < 5 for r in rows), rows


RAS_AL_AIN = (36.850, 40.071)
MOSUL = (36.335, 43.119)


def test_a_name_with_a_lower_case_article_is_a_place(gazetteer) -> None:  # type: ignore[no-untyped-def]
    rows = _rows("Shelling hit al-Bab and the ad-Dana countryside on Monday.", gazetteer)
    assert any(great_circle_km(r["lat"], r["lon"], 36.370, 37.516) < 5 for r in rows), rows
    assert any(great_circle_km(r["lat"], r["lon"], 36.213, 36.770) < 5 for r in rows), rows


def test_the_namesake_in_the_province_the_text_names_is_taken(gazetteer) -> None:  # type: ignore[no-untyped-def]
    # Ceylanpinar, over the border in Turkey, carries the name too; "Ras Al-Ain city" is not
    # "Al Ain City" (one of the names of Al Ain, in the Emirates) with a word before it
    text = (
        "Turkish forces captured the village of Shamo west of Ras Al-Ain city in the "
        "al-Hasakeh countryside."
    )
    rows = _rows(text, gazetteer)
    town = _named(rows, "Ra’s al ‘Ayn")
    assert great_circle_km(town["lat"], town["lon"], *RAS_AL_AIN) < 2
    assert not any(r["name"] in {"Ceylanpınar", "Al Ain City", "Al Ain"} for r in rows), rows
    shamo = _named(rows, "Shamo")
    assert great_circle_km(shamo["lat"], shamo["lon"], *RAS_AL_AIN) < 10


def _read(text: str, gazetteer) -> list[dict]:  # type: ignore[no-untyped-def]
    """Every feature of ``text`` read as the app reads it: with NER."""
    from geo.pipeline import process

    document = Document(id="t", text=text, published=date(2019, 11, 1))
    features = process([document], gazetteer=gazetteer).features
    return features.drop(columns="geometry").to_dict("records")


def test_a_name_ner_reads_whole_is_not_its_first_word(gazetteer) -> None:  # type: ignore[no-untyped-def]
    # Aba is a city in Nigeria; "Bir" is one of the names of Beed, India
    for text, name in [
        ("Clashes took place in Aba Kabirah in Ras al Ain sub-district of al-Hasakeh.",
         "Aba Kabirah"),
        ("Clashes took place in Bir Nuh area in the countryside of Ras Al Ain in Al-Hasakeh.",
         "Bir Nuh"),
    ]:  # fmt: skip
        rows = _read(text, gazetteer)
        village = _named(rows, name)
        assert village["name"].startswith(f"{name} (not in gazetteer"), rows
        assert all(great_circle_km(r["lat"], r["lon"], *RAS_AL_AIN) < 100 for r in rows), rows


def test_the_old_city_of_a_city_is_in_that_city(gazetteer) -> None:  # type: ignore[no-untyped-def]
    rows = _rows("Iraqi forces launched an assault on Sunday on the Old City of Mosul.", gazetteer)
    old = _named(rows, "Old City")
    assert great_circle_km(old["lat"], old["lon"], *MOSUL) < 5


def test_the_village_is_the_one_named_not_its_province(gazetteer) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Rebels clashed with QSD in Aba Kabirah in Ras al Ain sub-district of al-Hasakeh. "
        "QSD recaptured the village on Friday."
    )
    capture = next(r for r in _read(text, gazetteer) if r["category"] == "capture")
    assert capture["name"].startswith("Aba Kabirah")
    assert great_circle_km(capture["lat"], capture["lon"], *RAS_AL_AIN) < 10


def test_a_village_named_only_beside_armed_groups_is_not_a_namesake_far_from_their_war(
    gazetteer,
) -> None:  # type: ignore[no-untyped-def]
    # Baddi is a town in India, Java one in Georgia, Tallaght one in Ireland: these notes name
    # no place for sure, but the QSD, the Syrian National Army and HTS all fight in Syria
    for text in [
        "Syrian National Army forces captured the village of Badi after clashes with QSD forces.",
        "Pro-Turkish fighters clashed with QSD forces in the village of Java.",
        "HTS units infiltrated regime positions in the Tallat al Ziyyara area, killing 3 "
        "regime fighters.",
    ]:
        rows = _read(text, gazetteer)
        located = [r for r in rows if r["lat"] is not None]
        assert all(32 < r["lat"] < 38 and 35 < r["lon"] < 43 for r in located), (text, rows)


def test_a_town_near_the_groups_war_stays(gazetteer) -> None:  # type: ignore[no-untyped-def]
    # Tal Afar lies in Iraq, 60 km from Syria, where the QSD fights: it is kept
    rows = _read("QSD fighters crossed into the town of Tal Afar on Monday.", gazetteer)
    assert any(great_circle_km(r["lat"], r["lon"], 36.38, 42.45) < 10 for r in rows), rows


def test_the_armed_groups_a_text_names_say_which_namesake_is_meant(gazetteer) -> None:  # type: ignore[no-untyped-def]
    # Al Bayda is a city in Libya and a town and province in Yemen, where AQAP fights
    text = "IS fighters clashed with AQAP fighters in Laqah (Wald Rabi, Al Bayda) on Sunday."
    bayda = _named(_read(text, gazetteer), "Al Bay")
    assert great_circle_km(bayda["lat"], bayda["lon"], 13.99, 45.57) < 30


def test_a_word_joined_by_a_lower_case_of_is_part_of_a_longer_name(gazetteer) -> None:  # type: ignore[no-untyped-def]
    # "Dara" of "Dara i Pech" (a district of Kunar) is not Daraa in Syria
    text = "Six Taliban militants were killed in clashes with Afghan troops in Dara i Pech."
    rows = [r for r in _read(text, gazetteer) if r["lat"] is not None]
    assert rows, "the event and its figure go to Afghanistan at least"
    assert all(great_circle_km(r["lat"], r["lon"], 33.9, 67.7) < 1000 for r in rows), rows


def test_english_words_and_group_names_do_not_join_or_make_places(gazetteer) -> None:  # type: ignore[no-untyped-def]
    # "as" joins no name; "ash-Sham" of "Ahrar ash-Sham" is no Damascus
    rows = _read("Russian missiles struck Kyiv as Moscow stepped up its offensive.", gazetteer)
    event = next(r for r in rows if r["kind"] == "event")
    assert great_circle_km(event["lat"], event["lon"], 50.45, 30.52) < 10, rows
    rows = _read("Jabhat an-Nusra and Ahrar ash-Sham fighters attacked a checkpoint.", gazetteer)
    damascus = [
        r for r in rows if r["lat"] and great_circle_km(r["lat"], r["lon"], 33.51, 36.29) < 20
    ]
    assert not damascus, rows


def test_the_town_after_a_list_is_not_its_first_town(gazetteer) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Russian forces shelled Kupiansk, Izium and Lyman on Monday. Ukrainian forces "
        "recaptured the town on Friday."
    )
    capture = next(r for r in _read(text, gazetteer) if r["category"] == "capture")
    assert great_circle_km(capture["lat"], capture["lon"], 49.71, 37.62) > 20, capture


def test_the_one_place_so_spelled_where_the_groups_fight_is_taken(gazetteer) -> None:  # type: ignore[no-untyped-def]
    # the note names no town for sure ("pro-Turkish" names a people); Operation Peace Spring
    # fights in Syria alone, and 'Ayn 'Isa is the one Syrian place spelled like Ein Issa
    text = (
        "On 14 October 2019, regime forces clashed with pro-Turkish Islamist faction fighters "
        "operating as part of Operation Peace Spring in the Ein Issa area."
    )
    rows = _read(text, gazetteer)
    event = next(r for r in rows if r["kind"] == "event")
    assert great_circle_km(event["lat"], event["lon"], 36.386, 38.862) < 10, rows
    assert event["actor"] == "government"  # the regime fought the operation, it is no part of it


def test_a_town_after_a_compass_point_is_a_place_whatever_ner_calls_it(gazetteer) -> None:  # type: ignore[no-untyped-def]
    # NER reads both Menbij as an organisation, the Manbij Military Council's name
    text = (
        "Clashes took place between JWS and the Menbij Military Council in the vicinity of "
        "Ulashi west of Menbij. 4 JWS fighters were killed."
    )
    rows = _read(text, gazetteer)
    assert any(
        r["kind"] == "place" and great_circle_km(r["lat"], r["lon"], 36.528, 37.955) < 5
        for r in rows
    ), rows


def test_a_states_letters_far_from_every_place_named_are_no_place_there(gazetteer) -> None:  # type: ignore[no-untyped-def]
    # DC is Washington's district, and also the Deputy Commissioner of a South Asian district
    text = (
        "Several bombs exploded in Old Dhaka on Tuesday. The blasts took place on Johnson Road "
        "near the court and the DC office."
    )
    rows = [r for r in _read(text, gazetteer) if r["lat"] is not None]
    assert rows and all(great_circle_km(r["lat"], r["lon"], 23.71, 90.41) < 50 for r in rows), rows
    # letters that are no title stay the state ("a base in NJ, where" is New Jersey)
    text = "Afghan evacuees flown out of Kabul were housed at a base in NJ, where 1,200 remain."
    figure = next(r for r in _read(text, gazetteer) if r["kind"] == "figure")
    assert great_circle_km(figure["lat"], figure["lon"], 40.05, -74.61) < 200, figure
    # a union's or a country's letters stay what they are, wherever the text is
    rows = _read("Officials of the EU said the talks in Moscow failed.", gazetteer)
    eu = _named(rows, "Europe")
    assert great_circle_km(eu["lat"], eu["lon"], 55.75, 37.62) > 1000, rows


def test_a_name_joined_by_a_hyphenated_particle_is_one_name(gazetteer) -> None:  # type: ignore[no-untyped-def]
    # Qala is a village in Azerbaijan; Qala-i-Barqi is a village of Logar, Afghanistan
    text = "Unknown gunmen shot and killed a council member in Qala-i-Barqi on Monday."
    rows = [r for r in _read(text, gazetteer) if r["lat"] is not None]
    assert not any(great_circle_km(r["lat"], r["lon"], 40.44, 50.17) < 100 for r in rows), rows
    # a name the gazetteer holds whole is found whole
    rows = _read("Taliban fighters attacked a post in Qala-i-Naw.", gazetteer)
    assert any(great_circle_km(r["lat"], r["lon"], 34.99, 63.13) < 10 for r in rows), rows


def test_a_place_with_the_areas_event_notes_write_after_it(gazetteer) -> None:  # type: ignore[no-untyped-def]
    # NER reads Djibo as an organisation; Soum is a Senegalese village as well as the province
    text = (
        "On 26 November 2022, Ansaroul Islam fighters attacked a military post in Djibo "
        "(Djibo, Soum), killing 10 soldiers."
    )
    rows = [r for r in _read(text, gazetteer) if r["lat"] is not None]
    assert {r["kind"] for r in rows} >= {"figure", "event"}, rows
    assert all(great_circle_km(r["lat"], r["lon"], 14.10, -1.63) < 25 for r in rows), rows
    # of a town's namesakes, the one by the areas written after it
    text = "Ukrainian forces regained control of Blahodatne (Volnovakha, Donetsk) on Sunday."
    event = next(r for r in _read(text, gazetteer) if r["kind"] == "event")
    assert great_circle_km(event["lat"], event["lon"], 47.70, 37.42) < 15, event
    # and with none near them, the town is the one the areas say, not a namesake 900 km away
    text = "JNIM militants fired rockets on a boat near Bamba (Bourem, Gao), killing 49 civilians."
    figure = next(r for r in _read(text, gazetteer) if r["kind"] == "figure")
    assert great_circle_km(figure["lat"], figure["lon"], 16.95, -0.35) < 100, figure


def test_a_gloss_in_brackets_is_no_place(gazetteer) -> None:  # type: ignore[no-untyped-def]
    # "Rain" is a town in Bavaria; here it translates a TV channel's name
    rows = _read("He was accused by Dozhd (Rain) TV channel producer Daria Zhuk.", gazetteer)
    assert not [r for r in rows if r["lat"] is not None], rows


def test_gaza_is_the_strip_unless_the_text_puts_it_in_mozambique(gazetteer) -> None:  # type: ignore[no-untyped-def]
    rows = _read("Israeli airstrikes hit Gaza on Monday.", gazetteer)
    event = next(r for r in rows if r["kind"] == "event")
    assert great_circle_km(event["lat"], event["lon"], 31.42, 34.36) < 30, event
    gaza = _named(_rows("Floods hit Gaza province in Mozambique.", gazetteer), "Gaza")
    assert great_circle_km(gaza["lat"], gaza["lon"], -24.8, 33.4) < 100, gaza


def test_an_armed_groups_name_is_not_a_town_of_another_of_its_names(gazetteer) -> None:  # type: ignore[no-untyped-def]
    # "Hamas" is also one of the names of Hamm, Germany
    rows = _read("Hamas fighters fired rockets from Gaza on Saturday.", gazetteer)
    assert not [
        r for r in rows if r["lat"] and great_circle_km(r["lat"], r["lon"], 51.68, 7.82) < 50
    ]


def test_a_piece_hyphenated_to_an_article_is_no_place(gazetteer) -> None:  # type: ignore[no-untyped-def]
    # "Jisr" of "Jisr-Ash-Shugur" is not Jisr ez Zarqa, Israel
    text = (
        "On 25 August 2024, Russian warplanes carried out 6 raids on the outskirts of Jisr "
        "al-Shughur (Jisr-Ash-Shugur, Idleb)."
    )
    event = next(r for r in _read(text, gazetteer) if r["kind"] == "event")
    assert great_circle_km(event["lat"], event["lon"], 35.81, 36.32) < 10, event


def test_a_name_before_a_people_noun_names_a_people(gazetteer) -> None:  # type: ignore[no-untyped-def]
    # Arab is a town in Alabama, Kukichuo one in Japan: here they name who fought
    for text, (lat, lon) in (
        ("Arab militias attacked the Masalit in El Geneina, killing 40 people.", (13.45, 22.45)),
        ("Kuki militants attacked villages in Churachandpur district, Manipur.", (24.33, 93.67)),
    ):
        rows = [r for r in _read(text, gazetteer) if r["lat"] is not None]
        assert rows and all(great_circle_km(r["lat"], r["lon"], lat, lon) < 300 for r in rows)
    # and an event in a named town is not put in the region that names its victims
    text = "On 20 August 2022, OLA fighters killed 30 Amhara civilians in Gimbi, Oromia."
    event = next(r for r in _read(text, gazetteer) if r["kind"] == "event")
    assert great_circle_km(event["lat"], event["lon"], 9.17, 35.83) < 10, event
