"""Figure tables (CSV or Excel, one row per community, P-codes, HXL tags) read as text cells.

CSV goes through the one reader every input uses (:func:`extract.readers.decode` and
:func:`extract.readers.read_csv`); workbooks through openpyxl. Every failure raises
:class:`TableFileError` naming the file.

Size limits, checked before anything is read: a table file (CSV or XLSX, a path or an upload)
of at most :data:`extract.readers.MAX_BYTES`, and a workbook whose parts unpack to at most
:data:`MAX_UNPACKED_BYTES` (a few megabytes of XLSX can unpack to gigabytes).
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from extract.readers import (
    MAX_BYTES,
    InputError,
    check_regular_file,
    decode,
    read_csv,
    too_large,
)
from geo.io.formats import EXCEL_SUFFIXES, TABLE_SUFFIXES

MAX_UNPACKED_BYTES = 8 * MAX_BYTES
"""The most a workbook's parts may unpack to (openpyxl holds the sheet it reads in memory)."""


class TableFileError(ValueError):
    """A figure table that cannot be joined; the message names the file."""


@dataclass(frozen=True)
class Table:
    """A figure table as read: text cells, the HXL tag of each column (when the file has an
    HXL row), and the file row number of each data row (the header is row 1)."""

    name: str
    frame: pd.DataFrame
    hxl: dict[str, str] = field(default_factory=dict)
    file_rows: tuple[int, ...] = ()


def _sniff_excel(data: bytes) -> bool:
    return data[:4] == b"PK\x03\x04"


def _check_size(label: str, size: int) -> None:
    if size > MAX_BYTES:
        raise TableFileError(f"{label}: {too_large(size)}; split it or keep the columns needed")


def _check_unpacked(label: str, source: Any) -> None:
    """Refuse a workbook whose parts unpack past :data:`MAX_UNPACKED_BYTES`."""
    try:
        with zipfile.ZipFile(source) as book:
            unpacked = sum(item.file_size for item in book.infolist())
    except (zipfile.BadZipFile, OSError) as exc:
        raise TableFileError(f"{label}: cannot be read as a workbook ({exc})") from exc
    finally:
        if hasattr(source, "seek"):
            source.seek(0)
    if unpacked > MAX_UNPACKED_BYTES:
        raise TableFileError(
            f"{label}: unpacks to {unpacked / 1e6:,.0f} MB, more than the "
            f"{MAX_UNPACKED_BYTES / 1e6:.0f} MB a workbook may; save the sheet needed as CSV"
        )


def _read_excel(source: Any, label: str, sheet: str | None) -> pd.DataFrame:
    try:
        book = pd.ExcelFile(source, engine="openpyxl")
    except Exception as exc:
        raise TableFileError(f"{label}: cannot be read as a workbook ({exc})") from exc
    with book:
        sheets = [str(s) for s in book.sheet_names]
        if sheet is not None and sheet not in sheets:
            raise TableFileError(f"{label}: no sheet {sheet!r}; sheets are: {', '.join(sheets)}")
        chosen = sheet if sheet is not None else sheets[0]
        return pd.read_excel(book, sheet_name=chosen, dtype=object)


def _read_csv(source: Any, label: str) -> pd.DataFrame:
    data = source if isinstance(source, bytes) else Path(source).read_bytes()
    try:
        table = read_csv(label, decode(label, data))
    except InputError as exc:
        raise TableFileError(str(exc)) from exc
    if table.problems:
        raise TableFileError(f"{label}: cannot be read as CSV ({table.problems[0]})")
    return pd.DataFrame([cells for _, cells in table.rows], columns=table.columns, dtype=object)


def _hxl_row(frame: pd.DataFrame) -> dict[str, str]:
    """Column -> tag when the first data row is an HXL hashtag row, else {}."""
    if frame.empty:
        return {}
    cells = {col: str(v).strip() for col, v in frame.iloc[0].items() if present(v)}
    if not cells or not all(v.startswith("#") for v in cells.values()):
        return {}
    return {str(col): re.sub(r"\s+", "", tag.lower()) for col, tag in cells.items()}


def present(value: Any) -> bool:
    return value is not None and not (isinstance(value, float) and np.isnan(value)) and value != ""


def read_table(
    source: str | Path | bytes, *, sheet: str | None = None, name: str | None = None
) -> Table:
    """A CSV or XLSX figure table, cells as read (numbers stay numbers in XLSX).

    Parameters
    ----------
    source
        A path, or the file's bytes (an upload; XLSX is recognised by its zip signature).
    sheet
        XLSX sheet by name; the first sheet by default.
    name
        File name for messages, for bytes.

    Raises
    ------
    TableFileError
        Missing file, unknown format, unreadable data, missing sheet (the sheets are listed).
    """
    if isinstance(source, bytes):
        label = name or "table"
        _check_size(label, len(source))
        excel = _sniff_excel(source)
        handle: Any = io.BytesIO(source) if excel else source
    else:
        path = Path(source)
        label = path.name
        if not path.exists():
            raise TableFileError(f"{path}: no such table file")
        suffix = path.suffix.lower()
        if suffix not in TABLE_SUFFIXES:
            raise TableFileError(
                f"{label}: unknown table format {suffix or '(no suffix)'}; "
                f"use one of {', '.join(TABLE_SUFFIXES)}"
            )
        try:
            check_regular_file(path, name=label)  # a named pipe is never opened
        except InputError as exc:
            raise TableFileError(str(exc)) from None
        excel = suffix in EXCEL_SUFFIXES
        handle = path
    if excel:
        _check_unpacked(label, handle)
    frame = _read_excel(handle, label, sheet) if excel else _read_csv(handle, label)
    frame.columns = [str(c).strip() for c in frame.columns]
    hxl = _hxl_row(frame)
    first = 2
    if hxl:
        frame = frame.iloc[1:]
        first = 3
    frame = frame.reset_index(drop=True)
    return Table(label, frame, hxl, tuple(range(first, first + len(frame))))


def table_sheets(name: str, data: bytes) -> list[str]:
    """Sheet names of an uploaded workbook; [] for a CSV. Raises TableFileError naming the file."""
    if Path(name).suffix.lower() not in EXCEL_SUFFIXES:
        return []
    try:
        with pd.ExcelFile(io.BytesIO(data), engine="openpyxl") as book:
            return [str(sheet) for sheet in book.sheet_names]
    except Exception as error:
        raise TableFileError(f"{name}: cannot be read as a workbook ({error})") from error


def table_columns(name: str, data: bytes, sheet: str | None = None) -> list[str]:
    """The columns of an uploaded figure table. Raises TableFileError naming the file."""
    if Path(name).suffix.lower() not in TABLE_SUFFIXES:
        raise TableFileError(
            f"{name}: unknown table format; use one of {', '.join(TABLE_SUFFIXES)}"
        )
    if not data.strip():
        raise TableFileError(f"{name}: is empty")
    return [str(c) for c in read_table(data, sheet=sheet, name=name).frame.columns]
