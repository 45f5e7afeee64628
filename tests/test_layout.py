"""The layout the code promises (README: "How the code is laid out"): small modules, and an app
that is Streamlit wiring over geo.service and geo.render. The import layers of geo/ and extract/
are checked by import-linter in `make lint` (contracts in pyproject.toml); app.py is a module,
not a package, so its imports are checked here."""

from __future__ import annotations

import ast
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
# What the app may use of the project: the service and the renderers, and the plain types,
# settings, formats and file readers they take and give.
APP_MAY_IMPORT = (
    "geo.service",
    "geo.render",
    "geo.config",
    "geo.features",
    "geo.io",
    "geo.store",
    "geo.pipeline",  # the Extracted records a progress-reporting extractor yields
    "geo.analysis.joins",  # the JoinResult type of a cached join
    "extract.records",
    "extract.documents",  # DocumentError, the error every reader raises
)


def _lines(path: Path) -> int:
    return len(path.read_text(encoding="utf-8").splitlines())


def test_no_module_is_over_500_lines_and_the_app_is_under_400() -> None:
    long = {
        str(path.relative_to(REPO)): _lines(path)
        for folder in ("geo", "extract")
        for path in (REPO / folder).rglob("*.py")
        if _lines(path) > 500
    }
    assert long == {}
    assert _lines(REPO / "app.py") < 400


def test_the_app_imports_only_the_service_the_renderers_and_plain_types() -> None:
    tree = ast.parse((REPO / "app.py").read_text(encoding="utf-8"))
    project = [
        node.module
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom)
        and node.module
        and node.module.split(".")[0] in ("geo", "extract")
    ]
    project += [
        alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.Import)
        for alias in node.names
        if alias.name.split(".")[0] in ("geo", "extract")
    ]
    assert project, "the app uses the project"
    strays = [name for name in project if not name.startswith(APP_MAY_IMPORT)]
    assert strays == []
