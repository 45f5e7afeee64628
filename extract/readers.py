"""Bytes to text and rows, the same way for every input: articles, figure tables, observation
CSVs, benchmark and gold files.

One decoding policy (:func:`decode`): UTF-8, with or without a byte-order mark, or UTF-16 with
one; anything else (binary files, other encodings) is refused with a message naming the input.
One CSV reader (:func:`read_csv`) and one JSON Lines reader (:func:`read_jsonl`).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

__all__ = [
    "MAX_BYTES",
    "CsvTable",
    "InputError",
    "JsonLine",
    "decode",
    "normalise_newlines",
    "read_csv",
    "read_jsonl",
    "read_jsonl_objects",
    "too_large",
]

MAX_BYTES = 20 * 1024 * 1024

_MAGIC = (
    (b"%PDF", "a PDF file"),
    (b"PK\x03\x04", "a ZIP archive (perhaps .docx or .xlsx)"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"\xd0\xcf\x11\xe0", "an old Microsoft Office file"),
)
_SNIFF_CHARS = 4096
_DELIMITERS = ",;\t|"


class InputError(ValueError):
    """An input that cannot be read; the message names the input and the problem."""

    def __init__(self, name: str, problem: str) -> None:
        super().__init__(f"{name}: {problem}")
        self.name = name
        self.problem = problem


def too_large(size: int) -> str:
    """The problem of an input over :data:`MAX_BYTES`, in words."""
    return f"is too large ({size / 1e6:.1f} MB; the limit is {MAX_BYTES / 1e6:.0f} MB)"


def normalise_newlines(text: str) -> str:
    """Windows and old Mac line ends as ``\\n``."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def decode(name: str, data: bytes) -> str:
    """Bytes to text: UTF-8 (with or without BOM) or UTF-16 with a BOM; anything else is refused.

    Raises
    ------
    InputError
        Empty, binary (a known file signature, NUL bytes, many control characters), or not
        UTF-8 / UTF-16 text; the message names ``name``.
    """
    if not data.strip():
        raise InputError(name, "is empty")
    for magic, kind in _MAGIC:
        if data.startswith(magic):
            raise InputError(name, f"is {kind}, not text; export it as text first")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError:
            raise InputError(name, "has a UTF-16 mark but is not valid UTF-16 text") from None
    else:
        if b"\x00" in data[:8192]:
            raise InputError(name, "is a binary file (it contains NUL bytes), not text")
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise InputError(
                name,
                f"is not UTF-8 text (byte 0x{data[exc.start]:02x} at offset {exc.start}); "
                "save it as UTF-8",
            ) from None
    controls = sum(1 for ch in text[:8192] if ord(ch) < 32 and ch not in "\t\n\r\f\v")
    if controls > max(8, len(text[:8192]) // 20):
        raise InputError(name, "looks like a binary file (many control characters), not text")
    text = normalise_newlines(text)
    if not text.strip():
        raise InputError(name, "is empty")
    return text


@dataclass
class CsvTable:
    """A CSV file as read: its header, its data rows (file line, cells) and the lines skipped."""

    columns: list[str]
    rows: list[tuple[int, list[str]]] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def _delimiter(text: str) -> str:
    """The delimiter among , ; tab | : what csv.Sniffer sees, else the commonest in line 1."""
    try:
        return csv.Sniffer().sniff(text[:_SNIFF_CHARS], delimiters=_DELIMITERS).delimiter
    except csv.Error:
        first = text.split("\n", 1)[0]
        return max(_DELIMITERS, key=first.count) if first else ","


def read_csv(name: str, text: str, *, delimiter: str | None = None) -> CsvTable:
    """Rows of a CSV text, the delimiter sniffed unless given.

    Blank lines are left out; a row with more or fewer fields than the header is skipped and
    said in ``problems``, and so is a broken quote, which ends the reading there.

    Raises
    ------
    InputError
        The header line itself cannot be read.
    """
    csv.field_size_limit(max(csv.field_size_limit(), MAX_BYTES))
    reader = csv.reader(
        io.StringIO(text, newline=""), delimiter=delimiter or _delimiter(text), strict=True
    )
    try:
        header = next(reader)
    except StopIteration:
        raise InputError(name, "is empty") from None
    except csv.Error as exc:
        raise InputError(name, f"line 1: broken CSV ({exc})") from None
    table = CsvTable([col.strip() for col in header])
    line = reader.line_num
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            table.problems.append(f"line {reader.line_num}: broken CSV ({exc}), skipped")
            break
        where, line = line + 1, reader.line_num
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) != len(table.columns):
            table.problems.append(
                f"line {where}: {len(cells)} fields where the header has "
                f"{len(table.columns)}, skipped"
            )
            continue
        table.rows.append((where, cells))
    return table


@dataclass(frozen=True)
class JsonLine:
    """One line of a JSON Lines text: its number, and its value or why it could not be read."""

    number: int
    value: Any = None
    error: str | None = None


def read_jsonl(text: str) -> Iterator[JsonLine]:
    """The non-blank lines of a JSON Lines text, each parsed on its own (a broken line does not
    stop the rest; the caller decides whether it is fatal)."""
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            yield JsonLine(number, json.loads(line))
        except json.JSONDecodeError as exc:
            yield JsonLine(number, error=f"not valid JSON ({exc.msg})")


def read_jsonl_objects(
    path: Path, *, needs: tuple[str, ...] = ()
) -> Iterator[tuple[int, dict[str, Any]]]:
    """The objects of a JSON Lines file, each with its line number, strictly: a line that is not
    a JSON object, or lacks one of the keys ``needs``, stops the reading.

    Raises
    ------
    InputError
        The file cannot be read or decoded, or a line is bad (the message names file and line).
    """
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(str(path), f"cannot be read ({exc.strerror or exc})") from None
    for line in read_jsonl(decode(str(path), data)):
        where = f"{path}:{line.number}"
        if line.error is not None:
            raise InputError(where, line.error)
        if not isinstance(line.value, dict):
            raise InputError(where, "not a JSON object")
        missing = [key for key in needs if key not in line.value]
        if missing:
            raise InputError(where, f"expected a JSON object with {' and '.join(needs)}")
        yield line.number, line.value
