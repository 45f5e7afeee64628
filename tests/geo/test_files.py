"""Files written whole: two writers of one file at once (two processes building the gazetteer
index) both finish, the file holds one of their payloads whole and no temporary file is left."""

from __future__ import annotations

import pickle
import threading
from pathlib import Path

from geo.files import write_pickle


def test_writers_at_once_do_not_collide(tmp_path: Path) -> None:
    path = tmp_path / "cache" / "index.pkl"
    payloads = [{"writer": n, "rows": list(range(20_000))} for n in range(6)]
    errors: list[BaseException] = []
    start = threading.Barrier(len(payloads))

    def write(payload: dict[str, object]) -> None:
        start.wait()
        try:
            for _ in range(10):
                write_pickle(path, payload)
        except BaseException as error:  # collected: the test names it
            errors.append(error)

    threads = [threading.Thread(target=write, args=(p,)) for p in payloads]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors, errors
    assert pickle.loads(path.read_bytes()) in payloads
    assert [p.name for p in path.parent.iterdir()] == ["index.pkl"]
