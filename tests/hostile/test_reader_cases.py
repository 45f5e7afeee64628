"""The hostile and odd inputs of issue 15, one by one: each is refused (or read) with one line that
names the input and the problem, quickly, and never loads what is not an article.

Every input is built here, in ``tmp_path`` or in memory.
"""

from __future__ import annotations

import json
import os
import threading
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from extract.documents import DocumentError, LoadResult, load_bytes, load_file
from extract.figures import find_figures
from extract.parse import parse_document
from extract.readers import (
    MAX_ARTICLE_CHARS,
    MAX_BYTES,
    MAX_DEPTH,
    InputError,
    read_file_bytes,
    read_jsonl_objects,
)

DEEP = 100_000


def _refused(call: Callable[[], Any]) -> InputError:
    with pytest.raises(InputError) as caught:
        call()
    message = str(caught.value)
    assert "\n" not in message, message
    return caught.value


def _within(seconds: float, call: Callable[[], Any]) -> Any:
    """``call()``'s outcome (a value or an exception), failing if it takes longer than
    ``seconds`` (the call is left running in a daemon thread then)."""
    outcome: dict[str, Any] = {}

    def run() -> None:
        try:
            outcome["value"] = call()
        except BaseException as error:  # handed back to the test
            outcome["error"] = error

    worker = threading.Thread(target=run, daemon=True)
    worker.start()
    worker.join(seconds)
    assert not worker.is_alive(), f"still running after {seconds} s"
    return outcome.get("error", outcome.get("value"))


# --- not a regular file -------------------------------------------------------------------------


def test_a_named_pipe_is_refused_at_once_without_waiting_for_a_writer(tmp_path: Path) -> None:
    pipe = tmp_path / "articles.jsonl"
    os.mkfifo(pipe)
    error = _within(5, lambda: load_file(pipe))
    assert isinstance(error, DocumentError)
    assert str(error) == (
        "articles.jsonl: is a named pipe (FIFO), not a regular file; refused without reading it"
    )
    error = _within(5, lambda: list(read_jsonl_objects(pipe, needs=("id", "text"))))
    assert isinstance(error, InputError) and str(error).startswith(f"{pipe}: is a named pipe")


def test_a_folder_and_a_device_are_refused(tmp_path: Path) -> None:
    folder = tmp_path / "dispatches.txt"
    folder.mkdir()
    assert str(_refused(lambda: load_file(folder))) == "dispatches.txt: is a folder, not a file"
    error = _refused(lambda: read_file_bytes("/dev/zero"))
    assert str(error).startswith("/dev/zero: is a character device, not a regular file")


def test_a_missing_file_and_a_path_through_a_file(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("Aid arrived.")
    assert str(_refused(lambda: load_file(tmp_path / "gone.txt"))) == "gone.txt: does not exist"
    through = tmp_path / "notes.txt" / "inner.txt"
    assert "inner.txt: does not exist" in str(_refused(lambda: load_file(through)))


# --- sizes --------------------------------------------------------------------------------------


def test_a_200_mb_jsonl_is_refused_from_its_size_before_reading(tmp_path: Path) -> None:
    big = tmp_path / "corpus.jsonl"
    with big.open("wb") as handle:  # 200 MB of article lines, written once
        line = (json.dumps({"id": "x", "text": "Aid arrived in the north. " * 40}) + "\n").encode()
        for _ in range(200_000_000 // len(line) + 1):
            handle.write(line)
    assert big.stat().st_size > 200_000_000
    tracemalloc.start()
    started = time.perf_counter()
    first = _refused(lambda: load_file(big))
    second = _refused(lambda: list(read_jsonl_objects(big, needs=("id", "text"))))
    took = time.perf_counter() - started
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    big.unlink()  # pytest keeps recent tmp folders: do not keep 200 MB in them
    limit = f"the limit is {MAX_BYTES / 1e6:.0f} MB"
    assert str(first).startswith("corpus.jsonl: is too large (200.") and limit in str(first)
    assert str(second).startswith(f"{big}: is too large") and limit in str(second)
    assert took < 1.0 and peak < 5_000_000, (took, peak)


def test_a_csv_with_one_10_mb_prose_cell_is_refused_quickly(tmp_path: Path) -> None:
    prose = "Families left the camps near the border as the shelling went on. " * 160_000
    sheet = tmp_path / "reports.csv"
    sheet.write_text(f'title,text\nShort one,Aid arrived in the north.\nLong one,"{prose}"\n')
    started = time.perf_counter()
    result = load_file(sheet)
    took = time.perf_counter() - started
    assert [d.title for d in result.documents] == ["Short one"]
    (problem,) = result.problems
    assert problem == (
        f"line 3: the article is {len(prose.strip()):,} characters long, over the limit of "
        f"{MAX_ARTICLE_CHARS:,} for one article, skipped"
    )
    assert took < 3.0, took
    only = tmp_path / "only.csv"
    only.write_text(f'title,text\nLong one,"{prose}"\n')
    error = _refused(lambda: load_file(only))
    assert str(error).startswith("only.csv: no article could be loaded (line 2: the article is")


# --- JSON ---------------------------------------------------------------------------------------


def test_json_nested_100000_deep_is_refused_and_the_folder_still_loads(tmp_path: Path) -> None:
    from geo.service.ingest import collect

    (tmp_path / "deep.json").write_text("[" * DEEP + "]" * DEEP)
    (tmp_path / "deep.jsonl").write_text('{"text": ' * DEEP + '"x"' + "}" * DEEP + "\n")
    (tmp_path / "good.jsonl").write_text(json.dumps({"text": "Aid arrived in Idlib."}) + "\n")
    error = _refused(lambda: load_file(tmp_path / "deep.json"))
    assert str(error) == f"deep.json: JSON nested deeper than {MAX_DEPTH} levels (the limit)"
    error = _refused(lambda: load_file(tmp_path / "deep.jsonl"))
    assert str(error).startswith("deep.jsonl: no article could be loaded (line 1: JSON nested")

    loaded = collect([tmp_path])
    assert [d.text for d in loaded.documents] == ["Aid arrived in Idlib."]
    failed = {f.what: f.reason for f in loaded.failures}
    assert set(failed) == {"deep.json", "deep.jsonl"}
    assert all("nested deeper than" in reason for reason in failed.values())


def test_a_lone_surrogate_is_replaced_and_said(tmp_path: Path) -> None:
    line = '{"title": "Broken \\ud800 title", "text": "Aid reached \\udfff Saraqib."}'
    result = load_bytes("scraped.jsonl", line.encode())
    (document,) = result.documents
    assert document.text == "Aid reached \ufffd Saraqib."
    assert document.title == "Broken \ufffd title"
    assert len(document.id) == 16
    assert result.problems == (
        "line 1: unpaired UTF-16 surrogates (such as \\ud800) replaced with U+FFFD",
    )


def test_broken_and_non_object_lines_are_reported_not_loaded() -> None:
    lines = [
        '{"text": "Aid arrived in the north."}',
        '{"text": "half a line',
        '"just a string"',
        "[1, 2, 3]",
        "42",
        '{"text": "More aid arrived."} trailing words',
    ]
    result = load_bytes("mixed.jsonl", "\n".join(lines).encode())
    assert [d.text for d in result.documents] == ["Aid arrived in the north."]
    assert result.problems == (
        "line 2: not valid JSON (Unterminated string starting at), skipped",
        "line 3: a string, not a JSON object; skipped",
        "line 4: a JSON list, not a JSON object; skipped",
        "line 5: a number, not a JSON object; skipped",
        "line 6: not valid JSON (Extra data), skipped",
    )


@pytest.mark.parametrize(
    ("value", "kind"),
    [({"en": "Aid arrived."}, "a JSON object"), (["Aid", "arrived."], "a JSON list")],
)
def test_a_text_that_is_an_object_or_a_list_is_refused(value: object, kind: str) -> None:
    good = json.dumps({"text": "Aid arrived in the north."})
    data = (good + "\n" + json.dumps({"title": "Odd", "text": value})).encode()
    result = load_bytes("odd.jsonl", data)
    assert [d.text for d in result.documents] == ["Aid arrived in the north."]
    assert result.problems == (f"line 2: 'text' is {kind}, not text, skipped",)
    error = _refused(lambda: load_bytes("odd.json", json.dumps([{"text": value}]).encode()))
    expected = f"odd.json: no article could be loaded (item 1: 'text' is {kind}, not text, skipped)"
    assert str(error) == expected


def test_geoparse_input_refuses_a_text_that_is_an_object(tmp_path: Path) -> None:
    path = tmp_path / "in.jsonl"
    path.write_text(json.dumps({"id": "a", "text": {"nested": "Aleppo"}}) + "\n")
    error = _refused(lambda: list(read_jsonl_objects(path, needs=("id", "text"))))
    assert str(error) == f"{path}:1: 'text' is a JSON object, not a value"


# --- HTML ---------------------------------------------------------------------------------------

PAGE = """<!DOCTYPE html>
<html lang="en"><head>
<title>Families flee shelling south of Idlib | The Daily Ledger</title>
<meta property="og:title" content="Families flee shelling south of Idlib">
<meta property="article:published_time" content="2020-01-28T07:30:00Z">
<meta property="og:site_name" content="The Daily Ledger">
<link rel="canonical" href="javascript:alert(document.cookie)">
</head><body>
<div class="top-menu"><ul>
<li><a href="/">Front page</a></li><li><a href="/world">World</a></li>
<li><a href="/crisis">Crisis desk: 2 million displaced worldwide this year</a></li></ul></div>
<div class="story-body">
<h1>Families flee shelling south of Idlib</h1>
<p>About 20,000 people were displaced from villages south of Idlib over the weekend, as
artillery fire moved closer to the main road, relief workers told the Ledger on Tuesday.</p>
<p>Trucks piled with mattresses and water tanks queued at the checkpoints heading north, and
families who could not find a tent slept in half-built houses along the way.</p>
<p>At least 12 civilians were killed in Jarjanaz on Monday, a doctor at a field clinic said,
adding that the clinic itself had been emptied after a strike hit the street behind it.</p>
</div>
<div class="sidebar related-stories"><h3>Related stories</h3><ul>
<li><a href="/t">Tigray: 500,000 people displaced in a month, agencies say</a></li>
<li><a href="/d">Donbas: 43 people killed as shelling hits Horlivka</a></li>
<li><a href="/k">Khartoum: 300 killed in a week of street fighting</a></li>
</ul></div>
<div id="comments" class="comment-list"><h3>Reader comments</h3>
<div class="comment"><p>faraway_reader: my uncle says 9,000 people were displaced from Saraqib
last night and nobody writes about it.</p></div>
<div class="comment"><p>nightowl: in Mosul 800,000 were displaced and the world shrugged.</p></div>
</div>
<div class="site-footer"><p>The Daily Ledger. All rights reserved.</p></div>
</body></html>"""


def test_a_page_yields_only_the_figures_of_its_article() -> None:
    result = load_bytes("ledger.html", PAGE.encode())
    (document,) = result.documents
    figures = find_figures(parse_document(document), [])
    assert sorted((f.category, f.value) for f in figures) == [
        ("displaced", 20_000),
        ("killed", 12),
    ]
    for elsewhere in ("Tigray", "Horlivka", "Khartoum", "Mosul", "9,000", "Front page", "rights"):
        assert elsewhere not in document.text
    assert document.title == "Families flee shelling south of Idlib"
    assert document.published is not None and document.published.isoformat() == "2020-01-28"
    assert document.source == "The Daily Ledger"


def test_a_javascript_canonical_address_is_dropped_and_said() -> None:
    result = load_bytes("ledger.html", PAGE.encode())
    assert result.documents[0].url == ""
    assert result.problems == (
        "the page's address 'javascript:alert(document.cookie)' is not an http(s) address; "
        "left out",
    )
    fixed = PAGE.replace("javascript:alert(document.cookie)", "https://ledger.example/idlib")
    (document,) = load_bytes("ledger.html", fixed.encode()).documents
    assert document.url == "https://ledger.example/idlib"


def test_a_row_url_that_is_not_http_is_dropped_and_said() -> None:
    data = b"title,url,text\nOne,javascript:alert(1),Aid arrived in the north.\n"
    result = load_bytes("rows.csv", data)
    assert result.documents[0].url == ""
    assert result.problems == (
        "line 2: url 'javascript:alert(1)' is not an http(s) address; left out",
    )


# --- feeds --------------------------------------------------------------------------------------


def test_an_atom_entry_stores_its_article_link_not_the_feeds_api_address() -> None:
    feed = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Ledger: Syria</title><id>urn:ledger:syria</id>
<link rel="self" href="https://api.ledger.example/feeds/syria.atom"/>
<entry><title>Convoy reaches Atmeh camps</title><id>urn:ledger:1</id>
<link rel="self" type="application/atom+xml" href="https://api.ledger.example/entries/1"/>
<link rel="alternate" type="text/html" href="https://ledger.example/news/convoy-atmeh"/>
<published>2020-02-03T10:00:00Z</published>
<content type="html">&lt;p&gt;A convoy of 40 trucks reached the camps near Atmeh.&lt;/p&gt;
</content>
</entry>
<entry><title>Only its own address</title><id>urn:ledger:2</id>
<link rel="self" href="https://api.ledger.example/entries/2"/>
<summary>Aid workers counted the tents again.</summary></entry>
</feed>"""
    result = load_bytes("syria.atom", feed)
    first, second = result.documents
    assert first.url == "https://ledger.example/news/convoy-atmeh"
    assert first.text == "A convoy of 40 trucks reached the camps near Atmeh."
    assert first.published is not None and first.published.isoformat() == "2020-02-03"
    assert second.url == ""  # an entry with no article link gets none, not the API's


@pytest.mark.parametrize(
    ("xml", "problem"),
    [
        (
            '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaaaaaaaa">'
            '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]><rss><channel><item>'
            "<description>&b;</description></item></channel></rss>",
            "declares XML entities or external references",
        ),
        (
            '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY e SYSTEM "file:///etc/hostname">]>'
            "<rss><channel><item><description>&e;</description></item></channel></rss>",
            "declares XML entities or external references",
        ),
        (
            "<rss><channel><item><description>"
            + "<b>" * DEEP
            + "x"
            + "</b>" * DEEP
            + "</description></item></channel></rss>",
            f"nests XML elements deeper than {MAX_DEPTH} levels",
        ),
        ("<rss><channel><item>", "is not well-formed XML"),
    ],
)
def test_hostile_feeds_are_refused(xml: str, problem: str) -> None:
    error = _within(5, lambda: load_bytes("wire.rss", xml.encode()))
    assert isinstance(error, DocumentError), error
    assert str(error).startswith("wire.rss: ") and problem in str(error)
    assert "\n" not in str(error)


def test_a_feed_loads_as_a_result() -> None:
    feed = b"""<rss version="2.0"><channel><title>Ledger</title>
<item><title>Night crossing</title><link>https://ledger.example/crossing</link>
<pubDate>Mon, 27 Jan 2020 21:00:00 +0000</pubDate>
<description>Some 300 families crossed towards Afrin overnight.</description></item>
</channel></rss>"""
    result = load_bytes("ledger.rss", feed)
    assert isinstance(result, LoadResult)
    (document,) = result.documents
    assert (document.title, document.url) == ("Night crossing", "https://ledger.example/crossing")
    assert document.published is not None and document.published.isoformat() == "2020-01-27"
