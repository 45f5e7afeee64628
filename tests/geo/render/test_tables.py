"""Tables beside the map: each feature as text a reader checks against the articles."""

from __future__ import annotations

from datetime import date

from geo.features import features_from_records
from geo.render.tables import provenance_table


def test_provenance_table_says_figures_and_dates_as_text():
    features = features_from_records(
        [
            {"kind": "place", "name": "Maarat al-Numan", "lon": 36.68, "lat": 35.65,
             "start": date(2019, 12, 20), "end": date(2019, 12, 20), "mentions": 3},
            {"kind": "figure", "name": "Idlib", "lon": 36.63, "lat": 35.93,
             "category": "displaced", "value": 358000, "qualifier": "about",
             "start": date(2019, 12, 1), "end": date(2020, 1, 19)},
        ]
    )  # fmt: skip
    table = provenance_table(features)
    assert table.loc[1, "figure"] == "about 358,000"
    assert table.loc[1, "start"] == "2019-12-01"
    assert table.loc[0, "figure"] == ""
    assert list(table.columns)[:4] == ["kind", "name", "category", "figure"]
