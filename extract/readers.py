"""Files and bytes to text and rows, the same way for every input: articles, figure tables,
observation CSVs, benchmark and gold files.

The input policy lives here, so every way in applies the same rules:

- :func:`read_file_bytes`: regular files only (a folder, a named pipe, a device or a socket is
  refused from its ``stat``, before it is opened, and the file is opened non-blocking so nothing
  swapped in meanwhile can hang the reader), at most :data:`MAX_BYTES`, checked before reading.
- :func:`decode`: UTF-8, with or without a byte-order mark, or UTF-16 with one; anything else
  (binary files, other encodings) is refused.
- :func:`read_csv`: one CSV reader; :func:`read_jsonl` / :func:`parse_json`: one JSON reader, which
  refuses nesting deeper than :data:`MAX_DEPTH` and replaces unpaired UTF-16 surrogates.
- :data:`MAX_ARTICLE_CHARS`: the longest article text the loaders accept;
  :data:`MAX_PAGE_CHARS`: the largest HTML page.

Every refusal is an :class:`InputError`: one line, naming the input and the problem.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import stat
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

__all__ = [
    "MAX_ARTICLE_CHARS",
    "MAX_BYTES",
    "MAX_DEPTH",
    "MAX_PAGE_CHARS",
    "CsvTable",
    "InputError",
    "JsonLine",
    "check_regular_file",
    "decode",
    "json_kind",
    "normalise_newlines",
    "parse_json",
    "read_csv",
    "read_file_bytes",
    "read_jsonl",
    "read_jsonl_objects",
    "too_large",
    "without_surrogates",
]

MAX_BYTES = 20_000_000
"""The largest file or upload read, in bytes (20 MB)."""
MAX_DEPTH = 100
"""The deepest nesting of JSON arrays and objects, or of XML elements, read; articles and feeds
need a handful of levels."""
MAX_PAGE_CHARS = 5_000_000
"""The largest HTML page read, in characters: finding the article in a page takes time that
grows faster than its length (4 MB about 2.5 s here), and news pages weigh well under this."""
MAX_ARTICLE_CHARS = 200_000
"""The longest article text loaded, in characters (about 30,000 words; long features run to
10,000 words). Longer texts are refused, not cut: a cut article would quote half a story."""

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
_NOT_FILES = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)
# A JSON string (closed, or running to the end of the text: always a match, so the scan stays
# linear) or a bracket. Brackets inside strings are skipped with their string.
_JSON_TOKEN = re.compile(r'"(?:[^"\\]++|\\.)*+(?:"|\Z)|[\[\]{}]', re.DOTALL)
_SURROGATE = re.compile(r"[\ud800-\udfff]")
_MAY_HOLD_SURROGATE = re.compile(r"[\ud800-\udfff]|\\u[dD][89abcdefABCDEF]")


class InputError(ValueError):
    """An input that cannot be read; the message names the input and the problem."""

    def __init__(self, name: str, problem: str) -> None:
        super().__init__(f"{name}: {problem}")
        self.name = name
        self.problem = problem


def too_large(size: int, limit: int = MAX_BYTES) -> str:
    """The problem of an input over ``limit`` bytes, in words."""
    return f"is too large ({size / 1e6:.1f} MB; the limit is {limit / 1e6:.0f} MB)"


def _not_a_file(mode: int) -> str | None:
    """What a ``stat`` mode is when it is not a regular file, in words; None for a file."""
    if stat.S_ISREG(mode):
        return None
    return next((kind for test, kind in _NOT_FILES if test(mode)), "not a regular file")


def check_regular_file(
    path: Path | str, *, limit: int = MAX_BYTES, name: str | None = None
) -> os.stat_result:
    """The ``stat`` of ``path`` when it is a regular file of at most ``limit`` bytes; the file is
    not opened.

    Raises
    ------
    InputError
        Missing, unreadable, not a regular file (a folder, a named pipe, a device, a socket), or
        larger than ``limit``; the message names ``name`` (default: the path as given).
    """
    label = name if name is not None else str(path)
    try:
        info = Path(path).stat()
    except FileNotFoundError:
        raise InputError(label, "does not exist") from None
    except NotADirectoryError:
        raise InputError(label, "does not exist (part of its path is a file)") from None
    except (OSError, ValueError) as exc:
        raise InputError(label, f"cannot be read ({_reason(exc)})") from None
    _check_file(label, info, limit)
    return info


def read_file_bytes(path: Path | str, *, limit: int = MAX_BYTES, name: str | None = None) -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes.

    The file is judged from ``os.stat`` before it is opened (:func:`check_regular_file`), so a
    named pipe or a device is never opened, and its size is checked before anything is read. It
    is then opened non-blocking and checked again (a file swapped for a pipe in between is
    refused too, without waiting).

    Raises
    ------
    InputError
        As :func:`check_regular_file`, or the file cannot be opened or read.
    """
    label = name if name is not None else str(path)
    check_regular_file(path, limit=limit, name=label)
    try:
        handle = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        raise InputError(label, f"cannot be read ({_reason(exc)})") from None
    try:
        _check_file(label, os.fstat(handle), limit)
        with os.fdopen(handle, "rb", closefd=False) as stream:
            data = stream.read(limit + 1)
    except OSError as exc:
        raise InputError(label, f"cannot be read ({_reason(exc)})") from None
    finally:
        os.close(handle)
    if len(data) > limit:
        raise InputError(label, too_large(len(data), limit))
    return data


def _check_file(label: str, info: os.stat_result, limit: int) -> None:
    kind = _not_a_file(info.st_mode)
    if kind == "a folder":
        raise InputError(label, "is a folder, not a file")
    if kind:
        raise InputError(label, f"is {kind}, not a regular file; refused without reading it")
    if info.st_size > limit:
        raise InputError(label, too_large(info.st_size, limit))


def _reason(exc: BaseException) -> str:
    return getattr(exc, "strerror", None) or str(exc) or type(exc).__name__


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
        first = text[:_SNIFF_CHARS].split("\n", 1)[0]
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


# --- JSON -------------------------------------------------------------------------------------


def _too_deep(text: str, limit: int) -> bool:
    """Whether arrays and objects in a JSON text nest deeper than ``limit`` (linear time)."""
    if text.count("[") + text.count("{") <= limit:
        return False
    depth = 0
    for token in _JSON_TOKEN.finditer(text):
        mark = token.group()
        if mark in "[{":
            depth += 1
            if depth > limit:
                return True
        elif mark in "]}":
            depth -= 1
    return False


def without_surrogates(value: Any) -> Any:
    """``value`` with every unpaired UTF-16 surrogate in its strings (and keys) replaced by
    U+FFFD: JSON may escape one ("\\ud800"), and no encoder can write it."""
    if isinstance(value, str):
        return _SURROGATE.sub("\ufffd", value)
    if isinstance(value, list):
        return [without_surrogates(item) for item in value]
    if isinstance(value, dict):
        return {without_surrogates(k): without_surrogates(v) for k, v in value.items()}
    return value


def json_kind(value: object) -> str:
    """What a parsed JSON value is, in words ("a JSON object", "a number"...)."""
    if isinstance(value, dict):
        return "a JSON object"
    if isinstance(value, list):
        return "a JSON list"
    if isinstance(value, bool):
        return "true or false"
    if isinstance(value, int | float):
        return "a number"
    if value is None:
        return "null"
    return "a string"


def parse_json(text: str) -> tuple[Any, str | None]:
    """One JSON value: ``(value, note)``, the note saying what was replaced (or None).

    Raises
    ------
    ValueError
        Not valid JSON, or nested deeper than :data:`MAX_DEPTH`; the message says which
        (the caller names the input).
    """
    if _too_deep(text, MAX_DEPTH):
        raise ValueError(f"JSON nested deeper than {MAX_DEPTH} levels (the limit)")
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        where = f" at line {exc.lineno}" if "\n" in text else ""
        raise ValueError(f"not valid JSON ({exc.msg}){where}") from None
    except RecursionError:  # only when the caller's own stack is already deep
        raise ValueError(f"JSON nested too deep to read (limit {MAX_DEPTH} levels)") from None
    if _MAY_HOLD_SURROGATE.search(text):
        cleaned = without_surrogates(value)
        if cleaned != value:
            return cleaned, "unpaired UTF-16 surrogates (such as \\ud800) replaced with U+FFFD"
    return value, None


@dataclass(frozen=True)
class JsonLine:
    """One line of a JSON Lines text: its number, and its value or why it could not be read;
    ``note`` says what was repaired in a line that was read."""

    number: int
    value: Any = None
    error: str | None = None
    note: str | None = None


def read_jsonl(text: str) -> Iterator[JsonLine]:
    """The non-blank lines of a JSON Lines text, each parsed on its own (a broken line does not
    stop the rest; the caller decides whether it is fatal)."""
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            value, note = parse_json(line)
        except ValueError as exc:
            yield JsonLine(number, error=str(exc))
        else:
            yield JsonLine(number, value, note=note)


def read_jsonl_objects(
    path: Path, *, needs: tuple[str, ...] = (), limit: int = MAX_BYTES
) -> Iterator[tuple[int, dict[str, Any]]]:
    """The objects of a JSON Lines file, each with its line number, strictly: a line that is not
    a JSON object, lacks one of the keys ``needs`` or holds an object or a list under one of
    them, stops the reading.

    Raises
    ------
    InputError
        The file cannot be read (see :func:`read_file_bytes`) or decoded, or a line is bad (the
        message names file and line).
    """
    path = Path(path)
    for line in read_jsonl(decode(str(path), read_file_bytes(path, limit=limit))):
        where = f"{path}:{line.number}"
        if line.error is not None:
            raise InputError(where, line.error)
        if not isinstance(line.value, dict):
            raise InputError(where, f"{json_kind(line.value)}, not a JSON object")
        missing = [key for key in needs if key not in line.value]
        if missing:
            raise InputError(where, f"expected a JSON object with {' and '.join(needs)}")
        for key in needs:
            if isinstance(line.value[key], dict | list):
                raise InputError(where, f"{key!r} is {json_kind(line.value[key])}, not a value")
        yield line.number, line.value
