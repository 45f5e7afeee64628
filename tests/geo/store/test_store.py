"""The store, in a GeoPackage and in PostGIS: idempotent adds, filters done in the database,
concurrent writers, and a file any GIS reads."""

from __future__ import annotations

import dataclasses
import subprocess
import sys
import textwrap
from datetime import date
from pathlib import Path

import pyogrio
import pytest
import shapely

from extract.documents import document_from_text
from extract.records import Document
from geo.features import features_from_records, filter_by_dates
from geo.pipeline import process
from geo.service.articles import demo_documents
from geo.store import GeoPackageStore, PostGISStore, Store, StoreError, open_store

REPO = Path(__file__).resolve().parents[3]


@pytest.fixture(params=["geopackage", "postgis"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Store:
    if request.param == "postgis":
        return request.getfixturevalue("postgis_store")  # type: ignore[no-any-return]
    opened = GeoPackageStore(tmp_path / "store.gpkg")
    request.addfinalizer(opened.close)
    return opened


@pytest.fixture(scope="module")
def demo() -> tuple[list[Document], object]:
    documents, _ = demo_documents()
    return documents, process(documents, use_ner=False).features


def _doc(n: int) -> Document:
    return document_from_text(f"Dispatch number {n} from the test desk.", title=f"doc {n}")


def _sample() -> tuple[list[Document], object]:
    """Six features with known dates, places and kinds, named a..f."""
    docs = [_doc(1), _doc(2)]
    one, two = docs[0].id, docs[1].id
    rows = [
        {"name": "a", "kind": "place", "lon": 36.0, "lat": 36.0,
         "start": date(2020, 1, 1), "end": date(2020, 1, 1), "doc_id": one},
        {"name": "b", "kind": "event", "lon": 36.5, "lat": 35.5,
         "start": date(2020, 1, 5), "end": date(2020, 1, 20), "doc_id": one},
        {"name": "c", "kind": "figure", "lon": 10.0, "lat": 50.0, "value": 1500,
         "start": date(2020, 1, 10), "end": date(2020, 1, 10), "doc_id": one},
        {"name": "d", "kind": "place", "lon": 36.0, "lat": 36.0, "doc_id": two},
        {"name": "e", "kind": "event", "start": date(2020, 1, 3), "doc_id": two},
        {"name": "f", "kind": "figure", "lon": 36.2, "lat": 36.1,
         "end": date(2020, 2, 1), "doc_id": two},
    ]  # fmt: skip
    return docs, features_from_records(rows)


def _names(store: Store, *args: object, **kwargs: object) -> set[str]:
    return set(store.read(*args, **kwargs)["name"])  # type: ignore[arg-type]


def test_adding_twice_stores_once(store: Store, demo: tuple[list[Document], object]) -> None:
    documents, features = demo
    first = store.add(documents, features)  # type: ignore[arg-type]
    again = store.add(documents, features)  # type: ignore[arg-type]

    assert (first.documents, first.features) == (len(documents), len(features))  # type: ignore[arg-type]
    assert (again.documents, again.features, again.skipped) == (0, 0, len(documents))
    counts = store.counts()
    assert counts["documents"] == len(documents)
    assert sum(v for k, v in counts.items() if k != "documents") == len(features)  # type: ignore[arg-type]
    assert len(store.documents()) == len(documents)
    assert store.known([documents[0].id, "not-stored"]) == {documents[0].id}


def test_the_same_text_under_another_title_is_the_same_document(store: Store) -> None:
    docs, features = _sample()
    store.add(docs, features)  # type: ignore[arg-type]
    retitled = document_from_text(docs[0].text, title="another headline")

    assert store.add([retitled], features_from_records([])).skipped == 1
    assert store.counts()["documents"] == 2


def test_features_read_back_as_they_were(store: Store) -> None:
    docs, features = _sample()
    store.add(docs, features)  # type: ignore[arg-type]

    back = store.read().set_index("name")

    assert list(back.index) == ["a", "b", "c", "d", "e", "f"]
    assert back.loc["b", "start"] == date(2020, 1, 5) and back.loc["b", "end"] == date(2020, 1, 20)
    assert back.loc["c", "value"] == 1500
    assert back.loc["d", "start"] is None
    assert back.geometry["a"].equals(shapely.Point(36.0, 36.0))
    assert back.geometry["e"] is None
    assert back.crs == "EPSG:4326"
    assert set(store.documents()["title"]) == {"doc 1", "doc 2"}


def test_reads_filter_by_date_overlap_kind_and_bbox(store: Store) -> None:
    docs, features = _sample()
    store.add(docs, features)  # type: ignore[arg-type]
    syria = (35.0, 35.0, 37.0, 37.0)

    assert _names(store, date(2020, 1, 2), date(2020, 1, 6)) == {"b", "e", "d"}
    assert _names(store, date(2020, 1, 2), date(2020, 1, 6), keep_undated=False) == {"b", "e"}
    assert _names(store, since=date(2020, 1, 25)) == {"f", "d"}
    assert _names(store, until=date(2019, 12, 31)) == {"d"}
    assert _names(store, kinds=["event"]) == {"b", "e"}
    assert _names(store, bbox=syria) == {"a", "b", "d", "f"}
    assert _names(store, date(2020, 1, 1), date(2020, 1, 31), ["place", "event"], syria) == {
        "a",
        "b",
        "d",
    }
    assert store.read(kinds=[]).empty


def test_date_reads_agree_with_the_app_filter(
    store: Store, demo: tuple[list[Document], object]
) -> None:
    documents, features = demo
    store.add(documents, features)  # type: ignore[arg-type]
    since, until = date(2019, 12, 20), date(2019, 12, 26)

    expected = filter_by_dates(store.read(), since, until)
    got = store.read(since, until)

    assert 0 < len(got) < len(features)  # type: ignore[arg-type]
    assert sorted(zip(got["doc_id"], got["quote"], strict=True)) == sorted(
        zip(expected["doc_id"], expected["quote"], strict=True)
    )


def test_features_of_other_documents_are_refused(store: Store) -> None:
    docs, features = _sample()
    with pytest.raises(ValueError, match="not being added"):
        store.add(docs[:1], features)  # type: ignore[arg-type]
    assert store.counts() == {"documents": 0}


_WRITER = textwrap.dedent(
    """
    import sys
    from extract.documents import document_from_text
    from geo.features import features_from_records
    from geo.store import open_store

    store = open_store(sys.argv[1])
    for n in range(int(sys.argv[2]), int(sys.argv[3])):
        doc = document_from_text(f"Concurrent dispatch {n}.", title=f"doc {n}")
        rows = [{"kind": "place", "name": f"p{n}.{k}", "lon": 36.0, "lat": 35.0 + k / 10,
                 "doc_id": doc.id} for k in range(3)]
        store.add([doc], features_from_records(rows))
    store.close()
    """
)


def _write_concurrently(url: str) -> None:
    """Two processes adding 60 documents each, 30 of them the same, one transaction each."""
    writers = [
        subprocess.Popen(
            [sys.executable, "-c", _WRITER, url, str(first), str(first + 60)], cwd=REPO
        )
        for first in (0, 30)
    ]
    assert [w.wait(timeout=120) for w in writers] == [0, 0]


def test_two_writers_at_once_lose_nothing(store: Store) -> None:
    url = store.url
    if isinstance(store, PostGISStore):
        url = f"{store.url.split('?')[0]}?schema={store.schema}"
    _write_concurrently(url)

    assert store.counts() == {"documents": 90, "place": 270}
    read = store.read()
    assert read["name"].is_unique
    assert read.groupby("doc_id").size().eq(3).all()


def test_the_geopackage_opens_in_gdal(tmp_path: Path) -> None:
    docs, features = _sample()
    path = tmp_path / "atlas.gpkg"
    with open_store(path) as store:
        store.add(docs, features)  # type: ignore[arg-type]

    layers = {name for name, _ in pyogrio.list_layers(path)}
    frame = pyogrio.read_dataframe(path, layer="features")

    assert {"features", "documents"} <= layers
    assert sorted(frame["name"]) == ["a", "b", "c", "d", "e", "f"]
    assert frame.crs == "EPSG:4326"


def test_open_store_picks_by_scheme(tmp_path: Path) -> None:
    with open_store(tmp_path / "a.gpkg") as store:
        assert isinstance(store, GeoPackageStore)
    with open_store(f"gpkg://{tmp_path / 'b.gpkg'}") as store:
        assert isinstance(store, GeoPackageStore)
    with pytest.raises(StoreError, match="unknown store scheme"):
        open_store("mysql://somewhere/db")
    with pytest.raises(StoreError, match="cannot connect"):
        open_store("postgresql://nobody@127.0.0.1:1/none")


def test_a_file_that_is_not_a_store_is_named(tmp_path: Path) -> None:
    path = tmp_path / "notes.gpkg"
    path.write_text("not a database, just notes\n" * 100, encoding="utf-8")
    with pytest.raises(StoreError, match=r"notes\.gpkg"):
        open_store(path)


def test_replace_swaps_one_documents_features_only(store: Store) -> None:
    docs, features = _sample()
    store.add(docs, features)  # type: ignore[arg-type]
    one = docs[0]
    redated = dataclasses.replace(one, published=date(2020, 3, 1))
    rows = [{"name": "new", "kind": "place", "lon": 36.1, "lat": 35.9,
             "start": date(2020, 3, 1), "end": date(2020, 3, 1), "doc_id": one.id}]  # fmt: skip

    result = store.replace(redated, features_from_records(rows))

    assert (result.documents, result.features, result.ids) == (1, 1, (one.id,))
    assert _names(store) == {"new", "d", "e", "f"}
    assert _names(store, date(2020, 3, 1), date(2020, 3, 1), keep_undated=False) == {"new"}
    assert _names(store, bbox=(36.05, 35.85, 36.15, 35.95)) == {"new"}  # the index follows
    stored = store.documents().set_index("id")
    assert list(stored.index) == [one.id, docs[1].id]  # same place in the list
    assert stored.loc[one.id, "published"] == date(2020, 3, 1)
    assert stored.loc[one.id, "features"] == 1
    assert store.counts() == {"documents": 2, "place": 2, "event": 1, "figure": 1}
    assert store.date_range() == (date(2020, 1, 3), date(2020, 3, 1))


def test_replace_is_atomic_and_stores_a_new_document(store: Store) -> None:
    docs, features = _sample()
    store.add(docs, features)  # type: ignore[arg-type]
    before = store.read()
    stray = features_from_records([{"name": "x", "kind": "place", "doc_id": docs[1].id}])
    with pytest.raises(ValueError, match="not being added"):
        store.replace(docs[0], stray)
    assert len(store.read()) == len(before)

    third = _doc(3)
    assert store.replace(third, features_from_records([])).documents == 1
    assert store.known([third.id]) == {third.id}
    assert store.counts()["documents"] == 3


def test_date_range_of_an_empty_store(store: Store) -> None:
    assert store.date_range() is None
    docs, features = _sample()
    store.add(docs, features)  # type: ignore[arg-type]
    assert store.date_range() == (date(2020, 1, 1), date(2020, 2, 1))


def test_one_store_shared_by_threads(store: Store) -> None:
    """The app shares one store object between browser sessions (threads)."""
    from concurrent.futures import ThreadPoolExecutor

    def write(n: int) -> None:
        doc = _doc(100 + n)
        rows = [{"kind": "place", "name": f"t{n}", "lon": 36.0, "lat": 35.0, "doc_id": doc.id}]
        store.add([doc], features_from_records(rows))
        store.read(kinds=["place"])

    with ThreadPoolExecutor(4) as pool:
        list(pool.map(write, range(20)))
    assert store.counts() == {"documents": 20, "place": 20}
