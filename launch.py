"""Start the app with the first page's work done beforehand: ``python launch.py [SCRIPT] [ARGS]``.

``streamlit run app.py`` imports the app's libraries (pandas, geopandas, folium, the store...)
while the first visitor waits, and draws the store's map then too. This launcher imports what
the script imports and computes the map a new session opens on (geo.service.mapview.warm) and
the areas the page counts features in, before the server starts listening, so that the first
page opens as fast as the ones after it (a store of 20,000 features adds about two seconds to
the start, the areas one or two more). It also turns off Streamlit's watching of the source
files, which costs the first page half a second and serves only someone editing the code
(``streamlit run app.py`` keeps it; ``--server.fileWatcherType auto`` turns it back on).
SCRIPT defaults to the app.py beside this file; ARGS go to ``streamlit run`` (``--server.port
8600``). ``make run`` and the browser tests start the app this way.
"""

from __future__ import annotations

import ast
import importlib
import sys
import time
from pathlib import Path

APP = Path(__file__).resolve().with_name("app.py")


def imported_modules(script: Path) -> list[str]:
    """The modules ``script`` imports at its top level, in order."""
    tree = ast.parse(script.read_text(encoding="utf-8"), filename=str(script))
    names: list[str] = []
    for node in tree.body:
        if isinstance(node, ast.Import):
            names.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.append(node.module)
    return list(dict.fromkeys(names))


def warm_imports(script: Path) -> None:
    """Import what ``script`` imports (a module that fails is left for the script to report),
    but Streamlit's own modules: imported before the server reads its options, they would read
    them too early (and warn that a changed option needs a restart)."""
    for name in imported_modules(script):
        if name.split(".")[0] in ("streamlit", "streamlit_folium"):
            continue
        try:
            importlib.import_module(name)
        except Exception as error:  # the app itself says what is wrong
            print(f"launch: could not import {name} beforehand ({error})", file=sys.stderr)


def warm_map() -> None:
    """Compute the map of the store the app opens (ATLAS_STORE), so that the server answers
    once it is ready (a store it cannot open is left for the app to report)."""
    from geo.config import settings
    from geo.service import mapview
    from geo.store import open_store

    started = time.monotonic()
    try:
        with open_store(settings().store) as store:
            mapview.warm(store)
    except Exception as error:  # the app reports a store it cannot open
        print(f"launch: the map was not prepared beforehand ({error})", file=sys.stderr)
        return
    print(f"launch: map prepared in {time.monotonic() - started:.1f} s", file=sys.stderr)


def warm_areas() -> None:
    """Approximate the first-level areas the app counts features in when the analyst loads
    none (geo.analysis.areas: a second or two, once)."""
    from geo.analysis.areas import default_areas

    try:
        default_areas()
    except Exception as error:  # the app says what is wrong when it needs them
        print(f"launch: the default areas were not prepared ({error})", file=sys.stderr)


def main(argv: list[str]) -> None:
    """Warm up, then hand over to ``streamlit run SCRIPT ARGS`` in this process."""
    script = APP
    if argv and not argv[0].startswith("-"):
        script, argv = Path(argv[0]).resolve(), argv[1:]
    warm_imports(script)
    if script == APP:  # another script may not draw this app's map
        warm_map()
        warm_areas()
    from streamlit.web import cli

    if not any(arg.startswith("--server.fileWatcherType") for arg in argv):
        argv = [*argv, "--server.fileWatcherType", "none"]  # a served app, not one being edited
    sys.argv = ["streamlit", "run", str(script), *argv]
    cli.main()


if __name__ == "__main__":
    main(sys.argv[1:])
