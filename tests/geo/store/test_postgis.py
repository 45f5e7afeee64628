"""PostGIS against the real server of `make services`: the CLI ingests into it and exports
from it, with the same contents as a GeoPackage, and reads are filtered in the database."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from geo.cli import main
from geo.store import GeoPackageStore, PostGISStore

DEMO_PATH = Path(__file__).resolve().parents[3] / "data" / "demo" / "articles.jsonl"


def test_cli_ingest_and_export_through_postgis(postgis_store: PostGISStore, tmp_path: Path) -> None:
    url = f"{postgis_store.url.split('?')[0]}?schema={postgis_store.schema}"
    gpkg = tmp_path / "same.gpkg"
    for store in (url, str(gpkg)):
        args = ["ingest", str(DEMO_PATH), "--store", store, "--no-ner", "--workers", "1"]
        assert main([*args, "--quiet"]) == 0
    out = tmp_path / "week.geojson"
    export = ["export", "--store", url, "--since", "2019-12-16", "--until", "2019-12-22"]
    assert main([*export, "--kind", "event", "-o", str(out)]) == 0

    with GeoPackageStore(gpkg) as local:
        assert postgis_store.counts() == local.counts()
        assert set(postgis_store.documents()["id"]) == set(local.documents()["id"])
        week = local.read(date(2019, 12, 16), date(2019, 12, 22), ["event"])
    exported = json.loads(out.read_text(encoding="utf-8"))["features"]
    assert 0 < len(exported) == len(week)
    assert {f["properties"]["kind"] for f in exported} == {"event"}


def test_reads_use_the_spatial_and_date_indexes(postgis_store: PostGISStore) -> None:
    with postgis_store._db.cursor() as cur:
        cur.execute("SET enable_seqscan = off")
        cur.execute(
            "EXPLAIN SELECT fid FROM features WHERE span && daterange(%s, %s, '[]')"
            " AND geom && ST_MakeEnvelope(35, 35, 37, 37, 4326)",
            (date(2020, 1, 1), date(2020, 1, 7)),
        )
        plan = "\n".join(row[0] for row in cur.fetchall())
        cur.execute("RESET enable_seqscan")
    postgis_store._db.commit()
    assert "features_span" in plan or "features_geom" in plan


def test_replace_in_postgis_keeps_other_documents(postgis_store: PostGISStore) -> None:
    import dataclasses

    from extract.documents import document_from_text
    from geo.features import features_from_records

    docs = [document_from_text(f"Report {n} from the desk.", title=f"r{n}") for n in (1, 2)]
    rows = [
        {"name": f"p{n}", "kind": "place", "lon": 36.0, "lat": 35.0, "start": date(2020, 1, n),
         "doc_id": doc.id}
        for n, doc in enumerate(docs, 1)
    ]  # fmt: skip
    postgis_store.add(docs, features_from_records(rows))
    fixed = dataclasses.replace(docs[0], published=date(2020, 5, 5))
    again = [{"name": "q", "kind": "event", "lon": 36.0, "lat": 35.0,
              "start": date(2020, 5, 5), "doc_id": docs[0].id}]  # fmt: skip

    assert postgis_store.replace(fixed, features_from_records(again)).features == 1
    assert postgis_store.counts() == {"documents": 2, "place": 1, "event": 1}
    assert set(postgis_store.read(date(2020, 5, 1), date(2020, 5, 31))["name"]) == {"q"}
    stored = postgis_store.documents().set_index("id")
    assert stored.loc[docs[0].id, "published"] == date(2020, 5, 5)
    assert postgis_store.date_range() == (date(2020, 1, 2), date(2020, 5, 5))
