from geopy.distance import distance

from extract.records import Mention
from geo.geoparse.resolve import resolve


def _mentions(*names: str) -> list[Mention]:
    out, pos = [], 0
    for name in names:
        out.append(Mention(pos, pos + len(name), name))
        pos += len(name) + 5
    return out


def test_province_means_the_governorate_and_a_bare_name_the_town(gazetteer) -> None:  # type: ignore[no-untyped-def]
    province, town = resolve(_mentions("Idlib Province", "Idlib"), gazetteer)
    assert province.place.feature_code == "ADM1" and province.geo_precision == 2
    assert distance((province.place.lat, province.place.lon), (35.83333, 36.5)).km < 50
    assert town.place.geonameid == 169389 and town.geo_precision == 1


def test_document_context_picks_the_namesake(gazetteer) -> None:  # type: ignore[no-untyped-def]
    alone = resolve(_mentions("Moscow"), gazetteer)[0]
    assert alone.place.geonameid == 524901  # the capital of Russia
    alone = resolve(_mentions("Portland"), gazetteer)[0]
    assert alone.place.admin1_code == "OR"
    in_maine = resolve(_mentions("Maine", "Portland"), gazetteer)[-1]
    assert distance((in_maine.place.lat, in_maine.place.lon), (43.66, -70.26)).km < 20


def test_countries_and_demonyms(gazetteer) -> None:  # type: ignore[no-untyped-def]
    syria, syrian, aleppo = resolve(_mentions("Syria", "Syrian", "Aleppo"), gazetteer)
    assert (syria.place.geonameid, syria.geo_precision, syria.demonym) == (163843, 3, False)
    assert (syrian.place.geonameid, syrian.demonym) == (163843, True)
    assert aleppo.place.geonameid == 170063
    assert all(0 < r.score <= 1 for r in (syria, syrian, aleppo))


def test_unknown_names_are_left_out(gazetteer) -> None:  # type: ignore[no-untyped-def]
    assert resolve(_mentions("Xqzzyville"), gazetteer) == []


def test_a_town_of_unknown_population_beats_a_far_namesake_in_context(gazetteer) -> None:  # type: ignore[no-untyped-def]
    # Ariha in Idlib has population 0 in GeoNames; "Ariha" is also Jericho's Arabic name.
    *_, ariha = resolve(_mentions("Syria", "Saraqib", "Idlib", "Ariha"), gazetteer)
    assert ariha.place.country_code == "SY"
    assert distance((ariha.place.lat, ariha.place.lon), (35.81, 36.61)).km < 10


def test_congo_next_to_goma_is_the_democratic_republic(gazetteer) -> None:  # type: ignore[no-untyped-def]
    goma, congo = resolve(_mentions("Goma", "Congo"), gazetteer)
    assert (goma.place.country_code, congo.place.country_code) == ("CD", "CD")
    assert congo.geo_precision == 3
