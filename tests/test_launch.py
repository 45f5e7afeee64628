"""The launcher (launch.py) does the first page's work before the server answers: it imports
what the app's script imports. Starting the app through it is what the browser tests do
(tests/e2e/conftest.py)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
_spec = importlib.util.spec_from_file_location("launch", REPO / "launch.py")
assert _spec is not None and _spec.loader is not None
launch = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(launch)
APP, imported_modules = launch.APP, launch.imported_modules


def test_the_launcher_imports_what_the_scripts_top_imports(tmp_path: Path) -> None:
    script = tmp_path / "page.py"
    script.write_text(
        "import json, pandas as pd\n"
        "from geo.render.map import build_map\n"
        "from . import sibling\n"  # relative: not a module to import beforehand
        "def main():\n"
        "    import shapely  # inside a function: imported when it runs\n",
        encoding="utf-8",
    )
    assert imported_modules(script) == ["json", "pandas", "geo.render.map"]


def test_the_apps_heavy_libraries_are_among_them() -> None:
    modules = imported_modules(APP)
    for heavy in ("geopandas", "pandas", "streamlit_folium", "geo.render.map", "geo.service"):
        assert heavy in modules
