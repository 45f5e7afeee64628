"""The Streamlit app's wiring, run headless with AppTest.

The real document loader and demo articles are used; the pipeline is a stand-in (each document
gives one place feature dated on its publication day) so these tests are about the app: state,
errors, filters. The real pipeline runs in tests/e2e.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from extract import documents
from extract.records import Document
from geo import pipeline
from geo.frames import features_from_records

APP = str(Path(__file__).resolve().parents[1] / "app.py")
DEMO_DAYS = 16  # data/demo/articles.jsonl: 16 articles on 16 different days


def fake_process(docs: Sequence[Document], *, progress=None) -> pipeline.PipelineResult:
    if any("PIPELINE FAILS" in doc.text for doc in docs):
        raise RuntimeError("gazetteer missing")
    rows = []
    for done, doc in enumerate(docs, start=1):
        rows.append(
            {"kind": "place", "name": doc.title, "lon": 36.0 + done / 100, "lat": 35.5,
             "start": doc.published, "end": doc.published, "doc_id": doc.id,
             "title": doc.title, "quote": doc.text[:80], "mentions": 1}
        )  # fmt: skip
        if progress is not None:
            progress(done, len(docs), doc.title)
    return pipeline.PipelineResult(features_from_records(rows), problems=[])


@pytest.fixture
def app(monkeypatch) -> AppTest:
    monkeypatch.setattr(pipeline, "process", fake_process)
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    assert not at.exception, at.exception
    return at


def shown(at: AppTest) -> int:
    for caption in at.caption:
        if " features shown" in caption.value:
            return int(caption.value.split()[0])
    raise AssertionError("no 'features shown' caption")


def paste(at: AppTest, text: str, title: str = "", published: date | None = None) -> None:
    at.text_input(key="paste_title").input(title)
    at.text_area(key="paste_text").input(text)
    if published is not None:
        at.date_input(key="paste_date").set_value(published)
    at.button(key="paste_submit").click().run()
    assert not at.exception, at.exception


def test_first_run_loads_the_demo_articles(app):
    assert len(app.session_state["documents"]) == DEMO_DAYS
    assert shown(app) == DEMO_DAYS
    assert any("Added 16 article" in s.value for s in app.success)


def test_date_slider_filters_what_is_shown(app):
    app.slider[0].set_value((date(2020, 1, 1), date(2020, 1, 31))).run()
    assert shown(app) == 4  # articles of Jan 10, 20, 28 and 30
    assert not app.exception


def test_layer_filter(app):
    app.multiselect[0].set_value([]).run()
    assert shown(app) == 0


def test_pasted_article_is_added_with_its_title(app):
    paste(
        app, "Shelling hit Saraqib on Tuesday.", title="Saraqib report", published=date(2020, 2, 4)
    )
    stored = app.session_state["documents"]
    assert len(stored) == DEMO_DAYS + 1
    assert "Saraqib report" in [doc.title for doc in stored.values()]
    assert shown(app) == DEMO_DAYS + 1


def test_bad_input_names_the_problem_and_keeps_what_is_loaded(app):
    paste(app, "\x01" * 40 + "binary junk")
    assert any("pasted text" in e.value and "binary" in e.value for e in app.error)
    assert len(app.session_state["documents"]) == DEMO_DAYS
    paste(app, "   ")
    assert any("no text" in e.value for e in app.error)
    assert shown(app) == DEMO_DAYS


def test_a_loader_bug_is_reported_not_raised(app, monkeypatch):
    def broken(name, data, *, published=None):
        raise RuntimeError("loader bug")

    monkeypatch.setattr(documents, "load_bytes", broken)
    paste(app, "Any text at all.")
    assert any("could not be read" in e.value and "loader bug" in e.value for e in app.error)
    assert len(app.session_state["documents"]) == DEMO_DAYS


def test_pipeline_failure_keeps_the_stored_articles(app):
    paste(app, "PIPELINE FAILS here")
    assert len(app.session_state["documents"]) == DEMO_DAYS
    assert shown(app) == DEMO_DAYS
    assert any("gazetteer missing" in e.value for e in app.error)


def test_the_same_article_twice_is_stored_once(app):
    paste(app, "One article about Aleppo.")
    paste(app, "One article about Aleppo.")
    assert len(app.session_state["documents"]) == DEMO_DAYS + 1
    assert any("already loaded" in i.value for i in app.info)


def test_clear_then_demo_again(app):
    app.button(key="clear").click().run()
    assert shown(app) == 0
    assert not app.exception
    app.button(key="demo").click().run()
    assert shown(app) == DEMO_DAYS


def test_error_text_is_inert_markdown():
    import app

    assert app.md("![x](http://evil/a.png) <b>") == r"\!\[x\]\(http://evil/a\.png\) \<b\>"


def test_read_documents_names_the_file():
    import app

    with pytest.raises(app.LoadError, match=r"^notes\.docx: unsupported file type"):
        app.read_documents("notes.docx", b"text", None)
    with pytest.raises(app.LoadError, match=r"^dump\.txt: .*gzip"):
        app.read_documents("dump.txt", b"\x1f\x8b\x08\x00rest", None)
    with pytest.raises(app.LoadError, match=r"^rows\.jsonl: "):
        app.read_documents("rows.jsonl", b"{not json", None)
    docs, _ = app.read_documents("a.txt", b"Fighting near Saraqib.", date(2020, 1, 1))
    assert docs[0].published == date(2020, 1, 1)


class _Upload:
    """What st.file_uploader hands the app: a name and the bytes."""

    def __init__(self, name: str, data: bytes) -> None:
        self.name = name
        self._data = data

    def getvalue(self) -> bytes:
        return self._data


def upload(at: AppTest, monkeypatch, files: list[_Upload]) -> None:
    import streamlit

    monkeypatch.setattr(streamlit, "file_uploader", lambda *args, **kwargs: files)
    at.button(key="upload_submit").click().run()
    assert not at.exception, at.exception


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("empty.txt", b"", "empty.txt: is empty"),
        ("blob.txt", bytes(range(256)) * 4, "blob.txt: is a binary file"),
        ("latin.txt", "Combats à Idlib, café fermé".encode("latin-1"), "latin.txt: is not UTF-8"),
        ("rows.csv", b"title,body_html\nA,B\n", "rows.csv: has no text column"),
    ],
)
def test_each_bad_upload_gets_a_clear_message_and_keeps_the_articles(
    app, monkeypatch, name, data, message
):
    good = _Upload("good.txt", b"Shelling was reported near Saraqib and Ariha in Idlib province.")
    upload(app, monkeypatch, [_Upload(name, data), good])
    assert any(e.value.replace("\\", "").startswith(message) for e in app.error), [
        e.value for e in app.error
    ]
    # the bad file is named and skipped, the good one beside it and the demo articles stay
    assert len(app.session_state["documents"]) == DEMO_DAYS + 1
    assert shown(app) == DEMO_DAYS + 1


def test_an_article_with_no_places_is_reported_by_the_real_pipeline(monkeypatch):
    at = AppTest.from_file(APP, default_timeout=120)
    at.run()
    loaded = len(at.session_state["documents"])
    before = shown(at)
    upload(at, monkeypatch, [_Upload("minutes.txt", b"The committee met and adjourned early.")])
    warnings = [w.value.replace("\\", "") for w in at.warning]
    assert any(w.startswith("minutes.txt") and "no places found" in w for w in warnings), warnings
    assert len(at.session_state["documents"]) == loaded + 1
    assert shown(at) == before
