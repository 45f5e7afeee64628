"""Paths given on the command line, checked before any work: inputs must be regular files (or
folders where a command reads folders) within the size limit of the readers
(:func:`extract.readers.check_regular_file`), outputs must be writable where they are named.

A named pipe or a device given as an input would make a reader wait forever; an output in a
folder that does not exist would be found only after minutes of extraction.
"""

from __future__ import annotations

import os
import stat
import sys
from collections.abc import Iterable
from pathlib import Path

from extract.readers import MAX_BYTES, InputError, check_regular_file

__all__ = ["blocking_file", "check_inputs", "check_output", "writable"]


def blocking_file(path: Path) -> Path | None:
    """The first of the folders ``path`` lies in that exists and is not a folder, if any."""
    return next((f for f in reversed(path.parents) if f.exists() and not f.is_dir()), None)


def writable(path: Path) -> bool:
    """Whether the existing file ``path`` may be written: a write permission bit is set (which
    binds root too, whom every access check lets through) and this process may write it."""
    mode = path.stat().st_mode
    return bool(mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH)) and os.access(path, os.W_OK)


def check_inputs(
    paths: Iterable[Path], *, folders: bool = False, limit: int | None = MAX_BYTES
) -> None:
    """Refuse a path that is missing, is not a regular file (nor, with ``folders``, a folder) or
    is larger than ``limit`` bytes (None: any size, for boundary files and gazetteer dumps).

    Raises
    ------
    InputError
        Naming the path and the problem.
    """
    for path in paths:
        if folders and path.is_dir():
            continue
        check_regular_file(path, limit=sys.maxsize if limit is None else limit)


def check_output(path: Path) -> None:
    """Refuse an output that cannot be written: a folder, a file in a folder that does not exist
    or is a file, or a place this process may not write.

    Raises
    ------
    InputError
        Naming the path and the problem.
    """
    folder = path.parent
    if path.is_dir():
        raise InputError(str(path), "is a folder; give the name of a file to write")
    blocking = blocking_file(path)
    if blocking is not None:
        raise InputError(str(path), f"cannot be written: {blocking} is a file, not a folder")
    if not folder.exists():
        raise InputError(str(path), f"cannot be written: the folder {folder} does not exist")
    if not os.access(folder, os.W_OK | os.X_OK) or (path.exists() and not writable(path)):
        raise InputError(str(path), "cannot be written: no permission to write there")
