"""Files written so that a reader sees the old one or the new one, never half of either, and
two processes writing the same file at once (two builds of the gazetteer index) never collide."""

from __future__ import annotations

import os
import pickle
import tempfile
from pathlib import Path

__all__ = ["write_atomically", "write_pickle"]


def write_atomically(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file of its own in the same folder, so
    that a reader sees the old file or the new one, and two writers at once never collide."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        Path(tmp).replace(path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_pickle(path: Path, payload: object) -> None:
    """Pickle ``payload`` to ``path`` atomically (see :func:`write_atomically`)."""
    write_atomically(path, pickle.dumps(payload, protocol=pickle.HIGHEST_PROTOCOL))
