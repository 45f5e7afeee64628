"""The GeoPackage store's file on disk: where it may be, how it is opened (read-only when the user
may not write it), and what a sqlite3 error means, in words naming the file."""

from __future__ import annotations

import functools
import sqlite3
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Concatenate, ParamSpec, Protocol, TypeVar

from geo.io.paths import blocking_file
from geo.store.base import StoreError

__all__ = ["check_path", "connect", "guarded", "prepare_folder", "problem_of"]


def check_path(path: Path, *, read_only: bool) -> None:
    """Refuse a store path that is a folder, lies under a file, is a pipe or a device, or (to
    read only) does not exist; the StoreError names the path."""
    if path.is_dir():
        raise StoreError(f"{path}: is a folder; give a store file (.gpkg) instead")
    blocking = blocking_file(path)
    if blocking is not None:
        raise StoreError(f"{path}: cannot hold a store: {blocking} is a file, not a folder")
    if path.exists() and not path.is_file():
        raise StoreError(f"{path}: is not a regular file (a pipe or a device?)")
    if read_only and not path.exists():
        raise StoreError(f"{path}: no store there (no such file)")


def prepare_folder(path: Path, *, ignored: Path) -> None:
    """Make the store's folder; in the ``ignored`` folder (the default store's), a .gitignore."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        if path.resolve().parent == ignored.resolve():
            ignore = path.parent / ".gitignore"
            if not ignore.exists():
                ignore.write_text("*\n", encoding="utf-8")
    except OSError as err:
        raise StoreError(
            f"{path}: cannot create the store's folder ({err.strerror or err})"
        ) from None


def connect(path: Path, *, timeout: float, read_only: bool) -> sqlite3.Connection:
    """A connection to the file: read-write, or read-only (immutable when even the files sqlite
    keeps next to a WAL database cannot be made there)."""

    def open_(target: str | Path, uri: bool = False) -> sqlite3.Connection:
        return sqlite3.connect(
            target, timeout=timeout, isolation_level=None, check_same_thread=False, uri=uri
        )

    if not read_only:
        return open_(path)
    where = path.resolve().as_uri()
    try:
        db = open_(f"{where}?mode=ro", uri=True)
        db.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return db
    except sqlite3.OperationalError:
        return open_(f"{where}?immutable=1", uri=True)


def problem_of(path: Path, err: sqlite3.Error, writing: bool) -> str:
    """A sqlite3 error in words a user can act on, naming the store file."""
    text = str(err).splitlines()[0] if str(err) else type(err).__name__
    lowered = text.lower()
    done = "; nothing was written" if writing else ""
    if "not a database" in lowered:
        return f"{path}: not a store I can open (not a GeoPackage: {text})"
    if "malformed" in lowered or "corrupt" in lowered:
        return (
            f"{path}: the store file is damaged ({text}){done}. Restore it from a copy, or "
            "give another store (--store or ATLAS_STORE) and add the articles again"
        )
    if "readonly" in lowered or "read-only" in lowered:
        return f"{path}: the store cannot be written ({text}){done}"
    if "full" in lowered:
        return f"{path}: no room left on the disk ({text}){done}"
    if "locked" in lowered or "busy" in lowered:
        return f"{path}: another program holds the store ({text}){done}; try again"
    return f"{path}: the store could not be used ({text}){done}"


class _OnFile(Protocol):
    path: Path
    _lock: threading.RLock


_P = ParamSpec("_P")
_R = TypeVar("_R")
_S = TypeVar("_S", bound=_OnFile)
_WRITES = frozenset({"add", "replace"})


def guarded(method: Callable[Concatenate[_S, _P], _R]) -> Callable[Concatenate[_S, _P], _R]:
    """Run a store method holding the store's lock; a sqlite3 error becomes a StoreError naming
    the file (the method rolls its transaction back first)."""

    @functools.wraps(method)
    def run(self: _S, *args: _P.args, **kwargs: _P.kwargs) -> _R:
        with self._lock:
            try:
                return method(self, *args, **kwargs)
            except sqlite3.Error as err:
                raise StoreError(problem_of(self.path, err, method.__name__ in _WRITES)) from None

    return run
