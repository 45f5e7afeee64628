"""The geoparsing pipeline: recognise place names, then resolve them, one document at a time.

This is the module that wires ``extract.toponyms`` (recognition) to the gazetteer's names.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from extract.toponyms import NameMatcher, find_mentions
from geo.gazetteer import Gazetteer, default_gazetteer
from geo.resolve import Resolved, resolve

if TYPE_CHECKING:
    import spacy

_NO_NLP = object()


@lru_cache(maxsize=4)
def matcher_for(gazetteer: Gazetteer) -> NameMatcher:
    """The recogniser over ``gazetteer``'s names (built once per gazetteer, about a second)."""
    return NameMatcher(gazetteer.keys(), strong=gazetteer.important_keys())


def geoparse_resolved(
    text: str, *, gazetteer: Gazetteer | None = None, nlp: spacy.Language | None = None
) -> list[Resolved]:
    """Mentions of places in ``text`` with the place chosen for each."""
    gaz = gazetteer or default_gazetteer()
    return resolve(find_mentions(text, matcher_for(gaz), nlp), gaz)


def geoparse(
    text: str, *, gazetteer: Gazetteer | None = None, nlp: spacy.Language | None = None
) -> list[dict[str, Any]]:
    """Geoparse one text into benchmark records.

    Parameters
    ----------
    text
        The document.
    gazetteer
        Offline index; the process-wide default when None.
    nlp
        Optional spaCy pipeline (:func:`extract.toponyms.load_nlp`) used as a recognition signal.

    Returns
    -------
    list of dict
        ``{"start", "end", "name", "lat", "lon", "geonameid", "score"}`` per mention, where
        ``name`` is the surface text.
    """
    return [
        {
            "start": r.mention.start,
            "end": r.mention.end,
            "name": r.mention.text,
            "lat": r.place.lat,
            "lon": r.place.lon,
            "geonameid": r.place.geonameid,
            "score": r.score,
        }
        for r in geoparse_resolved(text, gazetteer=gazetteer, nlp=nlp)
    ]


def geoparse_jsonl(
    in_path: Path,
    out_path: Path,
    *,
    gazetteer: Gazetteer | None = None,
    nlp: spacy.Language | None = None,
) -> int:
    """Geoparse a JSONL of ``{"id", "text", ...}`` into ``{"id", "toponyms": [...]}`` lines.

    Returns
    -------
    int
        Number of documents written.
    """
    written = 0
    with (
        Path(in_path).open(encoding="utf8") as src,
        Path(out_path).open("w", encoding="utf8") as out,
    ):
        for lineno, line in enumerate(src, start=1):
            if not line.strip():
                continue
            try:
                doc = json.loads(line)
                doc_id, text = doc["id"], doc["text"]
            except (json.JSONDecodeError, KeyError, TypeError) as err:
                raise ValueError(
                    f"{in_path}:{lineno}: expected a JSON object with id and text ({err})"
                ) from err
            toponyms = geoparse(text, gazetteer=gazetteer, nlp=nlp)
            out.write(json.dumps({"id": doc_id, "toponyms": toponyms}, ensure_ascii=False) + "\n")
            written += 1
    return written
