"""The ``atlas`` command line on hostile inputs: every case ends in one line on stderr that names
the input and the problem, a non-zero exit code, no traceback, and a store exactly as it was."""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import stat
from datetime import date, timedelta
from pathlib import Path

import pytest

from extract.documents import document_from_text
from geo.cli import main
from geo.features import features_from_records
from geo.io.export import to_geojson
from geo.store import GeoPackageStore

ARTICLE = "Twelve civilians were killed in Saraqib on Monday, the monitor said.\n"


def _run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    """Exit code and stderr of ``atlas ARGS``, exits by argparse included."""
    try:
        code = main(args)
    except SystemExit as stop:
        code = int(stop.code or 0)
    err = capsys.readouterr().err
    assert "Traceback" not in err
    return code, err


def _one_line(err: str) -> str:
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1, lines
    return lines[0]


@pytest.fixture
def article(tmp_path: Path) -> Path:
    path = tmp_path / "article.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    return path


@pytest.fixture
def store(tmp_path: Path) -> Path:
    """A store with two documents and three features."""
    path = tmp_path / "atlas.gpkg"
    docs = [document_from_text(f"Dispatch {n} on the fighting.", title=f"d{n}") for n in (1, 2)]
    rows = [
        {"kind": "place", "name": "Saraqib", "lon": 36.8, "lat": 35.86, "doc_id": docs[0].id},
        {"kind": "figure", "name": "Saraqib", "lon": 36.8, "lat": 35.86, "value": 12,
         "category": "killed", "start": date(2020, 2, 3), "doc_id": docs[0].id},
        {"kind": "event", "name": "Idlib", "lon": 36.63, "lat": 35.93, "doc_id": docs[1].id},
    ]  # fmt: skip
    with GeoPackageStore(path) as opened:
        opened.add(docs, features_from_records(rows))
    return path


def _contents(path: Path) -> tuple[int, int, str]:
    """Documents, features and a hash of every feature, read straight from the file."""
    db = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        (documents,) = db.execute("SELECT count(*) FROM documents").fetchone()
        rows = db.execute("SELECT * FROM features ORDER BY fid").fetchall()
    finally:
        db.close()
    return documents, len(rows), hashlib.sha256(repr(rows).encode()).hexdigest()


# --- --published ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        ("0000-00-00", "not a valid date"),
        ("9999-12-31", "is in the future"),
        ("1850-01-01", "is before 1900"),
        ("yesterday", "not a date I can read"),
    ],
)
@pytest.mark.parametrize("command", ["extract", "ingest"])
def test_a_publication_date_out_of_range_is_one_line_naming_the_option(
    command: str,
    value: str,
    problem: str,
    article: Path,
    store: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    before = _contents(store)
    where = (
        ["-o", str(tmp_path / "out.geojson")] if command == "extract" else ["--store", str(store)]
    )
    code, err = _run([command, str(article), "--published", value, *where], capsys)
    line = _one_line(err)
    assert code == 2
    assert f"argument --published: '{value}'" in line and problem in line
    assert f"from 1900-01-01 to {date.today() + timedelta(days=1)}" in line
    assert not (tmp_path / "out.geojson").exists()
    assert _contents(store) == before


def test_the_date_range_of_an_export_is_checked_too(
    store: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "x.geojson"
    code, err = _run(
        ["export", "--store", str(store), "--since", "2020-13-01", "-o", str(out)], capsys
    )
    assert code == 2 and "argument --since: '2020-13-01' is not a valid date" in _one_line(err)


# --- outputs ----------------------------------------------------------------------------------


@pytest.mark.parametrize("command", ["extract", "geoparse", "export"])
def test_an_output_in_a_missing_folder_is_refused_before_any_work(
    command: str,
    article: Path,
    store: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    out = tmp_path / "no-such-folder" / "out.geojson"
    jsonl = tmp_path / "in.jsonl"
    jsonl.write_text(json.dumps({"id": "a", "text": ARTICLE}) + "\n", encoding="utf-8")
    given = {
        "extract": ["extract", str(article)],
        "geoparse": ["geoparse", str(jsonl)],
        "export": ["export", "--store", str(store)],
    }[command]
    code, err = _run([*given, "-o", str(out)], capsys)
    line = _one_line(err)
    assert code == 2
    assert line == (
        f"atlas {command}: {out}: cannot be written: the folder {out.parent} does not exist"
    )
    assert not out.parent.exists()


def test_an_output_that_is_a_folder_or_under_a_file_is_refused(
    article: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, err = _run(["extract", str(article), "-o", str(tmp_path)], capsys)
    assert code == 2 and f"{tmp_path}: is a folder" in _one_line(err)
    under = article / "out.geojson"
    code, err = _run(["extract", str(article), "-o", str(under)], capsys)
    assert code == 2 and f"{article} is a file, not a folder" in _one_line(err)


# --- stores -----------------------------------------------------------------------------------


def test_a_store_under_a_regular_file_is_refused(
    article: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = article / "atlas.gpkg"
    for args in (
        ["ingest", str(article), "--store", str(path), "--no-ner", "--quiet"],
        ["export", "--store", str(path), "-o", str(article.with_name("out.geojson"))],
    ):
        code, err = _run(args, capsys)
        line = _one_line(err)
        assert code == 2
        assert f"{path}: cannot hold a store: {article} is a file, not a folder" in line
    assert article.read_text(encoding="utf-8") == ARTICLE


def test_a_read_only_store_is_read_but_never_written(
    store: Path, article: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = _contents(store)
    store.chmod(stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH)  # binds root too
    try:
        code, err = _run(["ingest", str(article), "--store", str(store), "--quiet"], capsys)
        assert code == 2
        assert f"{store}: the store is read-only" in _one_line(err)
        out = tmp_path / "out.geojson"
        code, err = _run(["export", "--store", str(store), "-o", str(out)], capsys)
        assert code == 0 and "3 features" in err
        assert len(json.loads(out.read_text(encoding="utf-8"))["features"]) == 3
    finally:
        store.chmod(stat.S_IRUSR | stat.S_IWUSR)
    assert _contents(store) == before


def _damage(path: Path) -> None:
    """Scribble over the head of every page but the first (which lists the tables), as a failing
    disk or a copy cut short leaves a file."""
    size = path.stat().st_size
    with path.open("r+b") as handle:
        for page in range(1, size // 4096):
            handle.seek(page * 4096)
            handle.write(b"\xff" * 16)


def test_a_damaged_store_is_named_and_left_as_it_is(
    store: Path, article: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _damage(store)
    damaged = hashlib.sha256(store.read_bytes()).hexdigest()
    code, err = _run(["ingest", str(article), "--store", str(store), "--quiet"], capsys)
    line = _one_line(err)
    assert code == 2
    assert line.startswith(f"atlas ingest: {store}: the store file is damaged (")
    assert "Restore it from a copy" in line
    out = tmp_path / "out.geojson"
    code, err = _run(["export", "--store", str(store), "-o", str(out)], capsys)
    assert code == 2 and f"{store}: the store file is damaged" in _one_line(err)
    assert hashlib.sha256(store.read_bytes()).hexdigest() == damaged
    assert not out.exists()


def test_exporting_a_store_that_is_not_there_creates_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "typo.gpkg"
    code, err = _run(["export", "--store", str(missing), "-o", str(tmp_path / "x.csv")], capsys)
    assert code == 2 and f"{missing}: no store there" in _one_line(err)
    assert not missing.exists()


def test_a_store_that_is_another_file_is_named(
    article: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, err = _run(["export", "--store", str(article), "-o", str(tmp_path / "x.csv")], capsys)
    assert code == 2 and f"{article}: not a store I can open" in _one_line(err)
    assert article.read_text(encoding="utf-8") == ARTICLE


# --- atlas geoparse on anything but clean JSONL ------------------------------------------------


GEOPARSE_INPUTS = {
    "binary.jsonl": (bytes(range(256)) * 8, "binary.jsonl: is a binary file"),
    "latin1.jsonl": ('{"id": 1, "text": "Café in Aleppo"}\n'.encode("latin-1"),
                     "latin1.jsonl: is not UTF-8 text"),
    "utf16.jsonl": ('{"id": 1, "text": "Aleppo"}\n'.encode("utf-16-le"),
                    "utf16.jsonl: is a binary file"),
    "broken.jsonl": (b'{"id": 1, "text": "Aleppo"}\n{"id": 2, "text": \n',
                     "broken.jsonl:2: not valid JSON"),
    "list.jsonl": (b'[1, 2]\n', "list.jsonl:1: a JSON list, not a JSON object"),
    "notext.jsonl": (b'{"id": 1}\n', "notext.jsonl:1: expected a JSON object with id and text"),
    "empty.jsonl": (b"", "empty.jsonl: is empty"),
}  # fmt: skip


@pytest.mark.parametrize("name", sorted(GEOPARSE_INPUTS))
def test_geoparse_names_the_file_and_line_that_cannot_be_read(
    name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data, expected = GEOPARSE_INPUTS[name]
    source = tmp_path / name
    source.write_bytes(data)
    out = tmp_path / "out.jsonl"
    code, err = _run(["geoparse", str(source), "-o", str(out), "--no-ner"], capsys)
    line = _one_line(err)
    assert code == 2
    assert line.startswith(f"atlas geoparse: {tmp_path}/{expected}"), line
    assert not out.exists()


def test_geoparse_refuses_a_missing_file_a_folder_and_a_named_pipe(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pipe = tmp_path / "pipe.jsonl"
    os.mkfifo(pipe)  # opening it would wait for a writer forever
    out = str(tmp_path / "out.jsonl")
    for given, problem in (
        (tmp_path / "missing.jsonl", "does not exist"),
        (tmp_path, "is a folder"),
        (pipe, "is a named pipe"),
    ):
        code, err = _run(["geoparse", str(given), "-o", out, "--no-ner"], capsys)
        assert code == 2
        assert _one_line(err).startswith(f"atlas geoparse: {given}: {problem}")


def test_geoparse_refuses_a_file_over_the_size_limit_without_reading_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    big = tmp_path / "big.jsonl"
    with big.open("wb") as handle:
        handle.truncate(200_000_000)  # sparse: 200 MB on paper
    code, err = _run(["geoparse", str(big), "-o", str(tmp_path / "o.jsonl")], capsys)
    assert code == 2 and "big.jsonl: is too large (200.0 MB; the limit is" in _one_line(err)


# --- exit codes ----------------------------------------------------------------------------------


def test_the_exit_codes_are_documented_in_the_help(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stop:
        main(["--help"])
    assert stop.value.code == 0
    shown = " ".join(capsys.readouterr().out.split())
    assert "Exit codes: 0 done; 1 done, but some inputs (files, rows, names) were rejected" in shown
    assert "2 nothing done" in shown and "130 interrupted" in shown


def test_some_inputs_rejected_is_exit_code_1_and_the_rest_is_written(
    article: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    out = tmp_path / "out.geojson"
    code, err = _run(["extract", str(article), str(empty), "-o", str(out)], capsys)
    assert code == 1
    assert f"skipped: {empty.name}: is empty" in err
    written = json.loads(out.read_text(encoding="utf-8"))
    assert any(f["properties"]["name"] == "Saraqib" for f in written["features"])


def test_a_usage_error_is_one_line_with_exit_code_2(capsys: pytest.CaptureFixture[str]) -> None:
    code, err = _run(["export", "--kind"], capsys)
    assert code == 2
    assert _one_line(err) == (
        "atlas export: argument --kind: expected one argument (see atlas export --help)"
    )


def test_a_poisoned_store_exports_with_a_warning(
    store: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = sqlite3.connect(store)
    db.execute("UPDATE features SET value = 1e30 WHERE kind = 'figure'")
    db.commit()
    db.close()
    out = tmp_path / "out.geojson"
    code, err = _run(["export", "--store", str(store), "-o", str(out)], capsys)
    assert code == 0 and "3 features" in err
    written = json.loads(out.read_text(encoding="utf-8"))
    (figure,) = [f for f in written["features"] if f["properties"]["kind"] == "figure"]
    assert figure["properties"]["value"] is None
    assert json.loads(to_geojson(GeoPackageStore(store, read_only=True).read()))
