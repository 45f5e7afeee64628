"""A non-editable install works from any folder: the demo articles and the calibration come from
the installed package, and caches and the store go under ATLAS_DATA_DIR, never beside the code.

The wheel is built from this checkout and installed (without its dependencies, which the test
venv already has) into a fresh environment that cannot see the checkout; the commands run in an
empty folder elsewhere.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

import pytest

from geo.config import settings

REPO = Path(__file__).resolve().parents[1]
SEED = REPO.parent / "shared" / "seeds" / "000_699bae5ba21f49d3.txt"


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The python of a fresh venv holding a wheel of this checkout (dependencies borrowed)."""
    root = tmp_path_factory.mktemp("install")
    wheels = root / "wheels"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q",
         "-w", str(wheels), str(REPO)],
        check=True, capture_output=True,
    )  # fmt: skip
    env = root / "venv"
    venv.create(env, with_pip=False)
    python = env / "bin" / "python"
    site = Path(
        subprocess.run(
            [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
            check=True, capture_output=True, text=True,
        ).stdout.strip()
    )  # fmt: skip
    # The test venv's packages, as a plain path: its .pth files (the editable install of this
    # checkout among them) are not read from there, so only the wheel provides geo and extract.
    (site / "borrowed.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    wheel = next(wheels.glob("dispatch_atlas-*.whl"))
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(site),
         str(wheel)],
        check=True, capture_output=True,
    )  # fmt: skip
    return python


def _run(python: Path, args: list[str], cwd: Path, data: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ATLAS_", "PYTHON"))}
    env["ATLAS_DATA_DIR"] = str(data)
    return subprocess.run(
        [str(python), *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=300
    )


@pytest.mark.skipif(not SEED.exists(), reason="../shared/seeds is not here")
def test_the_installed_package_extracts_and_ingests_from_another_folder(
    installed: Path, tmp_path: Path, gazetteer: object
) -> None:
    elsewhere, data = tmp_path / "elsewhere", tmp_path / "atlas-data"
    elsewhere.mkdir()
    # The index is rebuilt the same way anywhere (a test of its own); copying it saves 15 s.
    (data / "cache").mkdir(parents=True)
    shutil.copy(settings().gazetteer_index, data / "cache" / "gazetteer.pkl")

    where = _run(installed, ["-c", "import geo, extract; print(geo.__file__)"], elsewhere, data)
    assert where.returncode == 0, where.stderr
    assert not where.stdout.startswith(str(REPO)), "the checkout leaked into the installed venv"

    out = elsewhere / "seed.geojson"
    extract = ["-m", "geo.cli", "extract", str(SEED), "--published", "2020-01-28", "-o", str(out)]
    done = _run(installed, extract, elsewhere, data)
    assert done.returncode == 0, done.stderr
    features = json.loads(out.read_text(encoding="utf-8"))["features"]
    places = {f["properties"]["name"] for f in features if f["properties"]["kind"] == "place"}
    assert {"Idlib", "Aleppo"} <= places
    assert any(f["properties"]["kind"] == "figure" for f in features)

    ingest = ["-m", "geo.cli", "ingest", str(SEED), "--published", "2020-01-28"]
    done = _run(installed, [*ingest, "--workers", "1", "--no-ner", "--quiet"], elsewhere, data)
    assert done.returncode == 0, done.stderr
    assert (data / "store" / "atlas.gpkg").is_file()
    assert "1 documents stored" in done.stderr

    demo = "from geo.service.articles import demo_documents; print(len(demo_documents()[0]))"
    assert _run(installed, ["-c", demo], elsewhere, data).stdout.strip() == "16"
    assert sorted(p.name for p in elsewhere.iterdir()) == ["seed.geojson"]
