"""Datelines: where a wire story was filed from, found so that nothing is placed there."""

from __future__ import annotations

import pytest

from extract.datelines import find_dateline


@pytest.mark.parametrize(
    ("text", "dateline"),
    [
        ("KHARTOUM, Sudan (Reuters) - The army said", "KHARTOUM, Sudan (Reuters) - "),
        ("Title of the story\n\nKYIV, Oct. 12 (AP) — Russian troops", "KYIV, Oct. 12 (AP) — "),
        ("GOMA, Congo, March 3 (Reuters) - Rebels", "GOMA, Congo, March 3 (Reuters) - "),
        ("Beirut (AP) -- Shelling", "Beirut (AP) -- "),
        ("ST. PETERSBURG, Russia - A court", "ST. PETERSBURG, Russia - "),
        ("WASHINGTON (CNN)The Pentagon", "WASHINGTON (CNN)"),
    ],
)
def test_wire_datelines_are_found(text: str, dateline: str) -> None:
    span = find_dateline(text)
    assert span is not None
    assert text[span[0] : span[1]] == dateline


@pytest.mark.parametrize(
    "text",
    [
        "– A crushing military offensive by the Syrian government",
        "Idlib and surrounding areas hold over four million civilians.",
        "US: a short line",
        "Syria: thousands flee (photos) as the front moves",
        "The fighting went on.\n\n" + "x" * 500 + "\n\nALEPPO (AP) - late in the text",
    ],
)
def test_ordinary_openings_are_no_datelines(text: str) -> None:
    assert find_dateline(text) is None
