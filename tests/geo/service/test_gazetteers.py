"""The app's gazetteer service: an uploaded file of named points joins the index, stored articles
read again place their village with it, a bad file is named and adds nothing, and removing the
file takes its names away. The real pipeline runs; every file is written by the test."""

from __future__ import annotations

from datetime import date

from extract.documents import document_from_text
from geo.geodesy import great_circle_km
from geo.service import articles, gazetteers
from geo.store import open_store

KAFR_AMMA = (36.1706, 36.7972)  # a village in Idlib's north the packages' index lacks
TEXT = "Airstrikes hit the village of Kafr Amma in the western countryside of Aleppo on Monday."


def _village(store) -> dict[str, object]:  # type: ignore[no-untyped-def]
    places = store.read(kinds=["place"])
    rows = places.loc[places["name"].str.startswith("Kafr Amma")]
    assert len(rows) == 1, places["name"].tolist()
    return dict(rows.iloc[0])


def test_an_uploaded_file_places_the_stored_village_after_a_reread(data_dir, tmp_path) -> None:  # type: ignore[no-untyped-def]
    with open_store(str(tmp_path / "atlas.gpkg")) as store:
        doc = document_from_text(TEXT, title="Kafr Amma", published=date(2019, 11, 4))
        articles.add_documents(store, [doc])
        before = _village(store)
        assert "villages.csv" not in str(before["place_source"])

        csv = "name,lat,lon,type\nKafr Amma,36.1706,36.7972,village\n"
        level, message = gazetteers.add_upload("villages.csv", csv.encode())
        assert level == "success" and "1 places" in message, message
        assert next(iter(gazetteers.listing().values())).startswith("villages.csv: 1 places")

        level, message = gazetteers.reread_all(store, list(store.documents()["id"]))
        assert (level, message) == ("success", "Re-read 1 article(s) with the current gazetteer.")
        after = _village(store)
        assert str(after["place_source"]).startswith("villages.csv")
        assert great_circle_km(after["lat"], after["lon"], *KAFR_AMMA) < 1

        (ident,) = gazetteers.listing()
        assert gazetteers.remove(ident)[0] == "success"
        assert gazetteers.listing() == {}
        gazetteers.reread_all(store, list(store.documents()["id"]))
        assert "villages.csv" not in str(_village(store)["place_source"])


def test_a_bad_upload_is_named_and_adds_nothing(data_dir) -> None:  # type: ignore[no-untyped-def]
    level, message = gazetteers.add_upload("places.csv", b"town;x\nsomething;1\n")
    assert level == "error" and "places.csv" in message, message
    assert gazetteers.listing() == {}
    level, message = gazetteers.add_upload("places.geojson", b"\x00\xff\x00 not json")
    assert level == "error" and "places.geojson" in message, message
    assert gazetteers.remove("nothing-here")[0] == "error"
