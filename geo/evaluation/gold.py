"""Hand annotations for extraction scores: gold JSON files and the JSONL of articles they name."""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from extract.documents import document_from_text, parse_published
from extract.readers import read_jsonl_objects
from extract.records import Document

Row = Mapping[str, Any]


def load_gold(path: Path) -> list[dict[str, Any]]:
    """The gold documents of a gold JSON file (its ``documents`` list).

    Raises
    ------
    ValueError
        When the file is not JSON or has no ``documents`` list, or a figure or event names a
        place that is not among its document's toponyms.
    """
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as err:
        raise ValueError(f"{path.name}: not JSON ({err})") from None
    documents = data.get("documents") if isinstance(data, dict) else None
    if not isinstance(documents, list):
        raise ValueError(f'{path.name}: no "documents" list')
    for doc in documents:
        names = {t["name"] for t in doc.get("toponyms", [])}
        for item in [*doc.get("figures", []), *doc.get("events", [])]:
            if item["place"] not in names:
                raise ValueError(
                    f"{path.name}: {gold_label(doc)}: place {item['place']!r} is not a toponym"
                )
    return documents


def load_articles(path: Path) -> dict[str, Document]:
    """Articles of a JSONL file (``{"id", "text", "title"?, "published"?, "source"?}`` a line)
    by their ``id``.

    Raises
    ------
    ValueError
        When a line is not JSON, lacks an id or a text, has an unreadable date or repeats an id.
    """
    path = Path(path)
    articles: dict[str, Document] = {}
    for lineno, row in read_jsonl_objects(path):
        where = f"{path.name} line {lineno}"
        ident = str(row.get("id") or "").strip()
        if not ident or not str(row.get("text") or "").strip():
            raise ValueError(f'{where}: needs an "id" and a "text"')
        if ident in articles:
            raise ValueError(f"{where}: id {ident!r} repeated")
        published = row.get("published")
        try:
            when = parse_published(str(published)) if published else None
        except ValueError as err:
            raise ValueError(f"{where}: {err}") from None
        articles[ident] = document_from_text(
            str(row["text"]),
            title=str(row.get("title") or ""),
            published=when,
            url=str(row.get("url") or ""),
            source=str(row.get("source") or ""),
            origin=ident,
        )
    return articles


def gold_label(doc: Row) -> str:
    """What a gold document is called: its ``id``, else its ``file``."""
    return str(doc.get("id") or doc.get("file") or "?")
