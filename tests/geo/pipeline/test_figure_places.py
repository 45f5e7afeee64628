"""Where a figure belongs: an area's tally is drawn as that area, a country-wide toll as the
country (not a point at its middle, nor at a town the article happens to be about)."""

from __future__ import annotations

from datetime import date

import shapely

from extract.documents import document_from_text
from geo.geodesy import great_circle_km
from geo.pipeline import process
from geo.render.popups import tooltip_head
from geo.render.tables import provenance_table

SARAQIB = (35.8647, 36.8061)


def _figures(text: str, gazetteer) -> dict[int, dict[str, object]]:  # type: ignore[no-untyped-def]
    doc = document_from_text(text, title="t", published=date(2020, 2, 10))
    features = process([doc], gazetteer=gazetteer).features
    rows = features[features["kind"] == "figure"].to_dict("records")
    return {int(row["value"]): row for row in rows if row["value"] == row["value"]}


def test_a_regional_tally_is_the_region_not_the_town_the_article_is_about(gazetteer) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Government forces shelled Saraqib on Monday, and residents of Saraqib fled north. "
        "In Saraqib, 12 civilians were killed. The United Nations said about 586,000 people "
        "had been displaced in the northwest since Dec. 1."
    )
    figures = _figures(text, gazetteer)
    region = figures[586_000]
    assert region["name"] == "Northwest Syria" and region["geo_precision"] == 2
    area = region["geometry"]
    assert area.geom_type in ("Polygon", "MultiPolygon")
    assert area.covers(shapely.Point(36.63, 35.93))  # Idlib lies in it
    assert not area.covers(shapely.Point(36.29, 33.51))  # Damascus does not
    town = figures[12]
    assert great_circle_km(float(town["lat"]), float(town["lon"]), *SARAQIB) < 5


def test_a_countrywide_figure_is_drawn_as_the_country(gazetteer) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Shelling hit Kharkiv on Tuesday. Nationwide, more than 3,700,000 people have been "
        "displaced inside Ukraine since the invasion, the IOM said."
    )
    figure = _figures(text, gazetteer)[3_700_000]
    assert figure["name"] == "Ukraine" and figure["geo_precision"] == 3
    outline = figure["geometry"]
    assert outline.geom_type in ("Polygon", "MultiPolygon")
    assert outline.covers(shapely.Point(30.52, 50.45))  # Kyiv
    assert outline.covers(shapely.Point(36.23, 49.99))  # Kharkiv


def test_people_named_by_their_country_are_that_country(gazetteer) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Troops took the port of Kismayo on Sunday after a week of fighting. Aid agencies say "
        "more than 1 million Somalis are internally displaced and about 3 million need "
        "humanitarian aid. In Kismayo, 4 soldiers were killed."
    )
    figures = _figures(text, gazetteer)
    for value in (1_000_000, 3_000_000):
        assert figures[value]["name"] == "Somalia" and figures[value]["geo_precision"] == 3
    assert figures[4]["name"] != "Somalia"  # a town's toll stays at the town


def test_an_events_toll_is_one_figure_at_its_place_with_its_parts(gazetteer) -> None:  # type: ignore[no-untyped-def]
    text = "On Monday, 14 soldiers and 17 fighters were killed in clashes in Saraqib."
    figures = _figures(text, gazetteer)
    assert sorted(figures) == [31]  # not 14 and 17 drawn as two tolls at one spot
    toll = figures[31]
    assert toll["category"] == "killed" and toll["parts"] == "14 soldiers + 17 fighters"
    assert great_circle_km(float(toll["lat"]), float(toll["lon"]), *SARAQIB) < 5
    assert "31 killed (14 soldiers + 17 fighters)" in tooltip_head(toll)
    doc = document_from_text(text, title="t", published=date(2020, 2, 10))
    shown = provenance_table(process([doc], gazetteer=gazetteer).features)
    assert shown.loc[shown["kind"] == "figure", "parts"].tolist() == ["14 soldiers + 17 fighters"]


def test_a_toll_with_only_a_nationality_goes_to_the_country_its_groups_fight_in(gazetteer) -> None:  # type: ignore[no-untyped-def]
    # "Turkish" says who fought; the QSD fights in Syria, which is where the deaths were
    text = (
        "Turkish and pro-Turkish fighters clashed with QSD forces in the village of Farat. "
        "Amid an exchange of shelling, 2 civilians were killed by artillery fire."
    )
    toll = _figures(text, gazetteer)[2]
    assert toll["name"] == "Syria" and toll["geo_precision"] == 3
