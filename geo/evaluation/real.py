"""Scores on real reporting with gold labels (``../shared/bench/real``), as the held-out sets are
scored: ``atlas extract`` over each set with every document's title set to its id, then the
set's scorer (``../shared/tools/score_extract_real.py``).

``--villages`` also scores with a village gazetteer added: a GeoNames-format file of the places
the notes name (from the gold labels, as an analyst holding GeoNames' country dump would have
them), added with ``atlas gazetteer add`` to a data folder of its own.

``python -m geo.evaluation.real ../shared/bench/real/acled_syria_2019.jsonl ... [--villages]``
prints one JSON line per set and gazetteer.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from extract.readers import read_jsonl_objects
from geo.config import DATA_DIR_ENV, settings

SCORER = Path("../shared/tools/score_extract_real.py")  # from a checkout, as make runs it
_FIRST_ID = 950_000_000  # ids of the gold villages: above any GeoNames id of 2026


def articles(set_path: Path, out: Path) -> Path:
    """The set as articles for ``atlas extract``: id, text, published, and the id as title."""
    with out.open("w", encoding="utf-8") as handle:
        for _, doc in read_jsonl_objects(set_path, needs=("id", "text")):
            row = {"id": doc["id"], "title": doc["id"], "text": doc["text"]}
            if doc.get("published"):
                row["published"] = doc["published"]
            handle.write(json.dumps(row) + "\n")
    return out


def village_gazetteer(sets: Sequence[Path], out: Path) -> int:
    """A GeoNames-format file of the places the notes name (gold, named in the text)."""
    seen: set[tuple[str, float, float]] = set()
    lines: list[str] = []
    for set_path in sets:
        for _, doc in read_jsonl_objects(set_path):
            for place in (doc.get("gold") or {}).get("places", []):
                if not place.get("in_text") or place.get("lat") is None:
                    continue
                key = (place["name"], float(place["lat"]), float(place["lon"]))
                if key in seen:
                    continue
                seen.add(key)
                gid = _FIRST_ID + len(lines)
                cells = [str(gid), place["name"], place["name"], "", str(place["lat"]),
                         str(place["lon"]), "P", "PPL", "", "", "", "", "", "", "0", "", "",
                         "", "2026-01-01"]  # fmt: skip
                lines.append("\t".join(cells))
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return len(lines)


def _run(args: list[str], env: dict[str, str]) -> str:
    done = subprocess.run(args, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(args[:3])}...: {done.stderr.strip()[-500:]}")
    return done.stdout


def score(set_path: Path, folder: Path, env: dict[str, str], scorer: Path) -> dict[str, Any]:
    """The scorer's figures for one set, extracted with the data folder in ``env``."""
    source = articles(set_path, folder / f"{set_path.stem}.articles.jsonl")
    out = folder / f"{set_path.stem}.geojson"
    _run([sys.executable, "-m", "geo.cli", "extract", str(source), "-o", str(out)], env)
    return dict(json.loads(_run([sys.executable, str(scorer), str(set_path), str(out)], env)))


def main(argv: Sequence[str] | None = None) -> int:
    """Score each set with the default gazetteer, and with the gold villages added."""
    parser = argparse.ArgumentParser(prog="python -m geo.evaluation.real", description=__doc__)
    parser.add_argument("sets", type=Path, nargs="+")
    parser.add_argument("--villages", action="store_true", help="also with the gold villages")
    parser.add_argument("--scorer", type=Path, default=SCORER)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="atlas-real-") as tmp:
        folder = Path(tmp)
        runs: list[tuple[str, dict[str, str]]] = [("default", dict(os.environ))]
        if args.villages:
            data = folder / "data"
            (data / "cache").mkdir(parents=True)
            shutil.copy(settings().gazetteer_index, data / "cache" / "gazetteer.pkl")
            env = {**os.environ, DATA_DIR_ENV: str(data)}
            villages = folder / "villages.txt"
            count = village_gazetteer(args.sets, villages)
            _run([sys.executable, "-m", "geo.cli", "gazetteer", "add", str(villages)], env)
            runs.append((f"with {count} gold villages", env))
        for label, env in runs:
            for set_path in args.sets:
                figures = score(set_path, folder, env, args.scorer)
                print(json.dumps({"set": set_path.stem, "gazetteer": label, **figures}), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
